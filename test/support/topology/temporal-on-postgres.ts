import { freePort } from '../ports';
import { PrivatePostgres } from './private-postgres';
import { freeMembershipPort, TemporalServer, type TemporalPorts } from './temporal-server';
import type { TestCertificates } from './test-certificates';

async function freeTemporalPorts(): Promise<TemporalPorts> {
  return {
    frontend: await freePort(),
    frontendHttp: await freePort(),
    history: await freePort(),
    matching: await freePort(),
    worker: await freePort(),
    membership: [await freeMembershipPort(), await freeMembershipPort(), await freeMembershipPort(), await freeMembershipPort()],
    metrics: await freePort(),
    pprof: await freePort(),
  };
}

/**
 * The self-hosted Temporal of the production topology, on free ports: a private PostgreSQL with
 * an empty `aims` database for the engine, Temporal's databases set up on it by the schema job's
 * script, the server started (with mTLS on its frontend when `certs` are given) and the `default`
 * namespace registered. `schemaReady` runs between the schema and the start (e.g. a second
 * schema run, the upgrade path). Whatever started is stopped again if a later step fails.
 */
export async function startTemporalOnPostgres(
  options: { certs?: TestCertificates; schemaReady?: (temporal: TemporalServer) => void } = {},
): Promise<{ pg: PrivatePostgres; temporal: TemporalServer }> {
  const pg = new PrivatePostgres(await freePort());
  let temporal: TemporalServer | undefined;
  try {
    await pg.start();
    await pg.createDatabase('aims');
    temporal = new TemporalServer({ host: '127.0.0.1', port: pg.port, user: 'aims' }, await freeTemporalPorts(), options.certs);
    temporal.setUpSchema();
    options.schemaReady?.(temporal);
    await temporal.start();
    temporal.createNamespace('default');
    return { pg, temporal };
  } catch (error) {
    await temporal?.destroy();
    await pg.destroy();
    throw error;
  }
}

/** The settings every engine process of the topology shares: the record on `pg`, Temporal, the SMTP catcher, strict answers. */
export function topologyEngineEnv(pg: PrivatePostgres, temporal: TemporalServer, smtpPort: number): Record<string, string> {
  return {
    DATABASE_URL: pg.url('aims'),
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    MAIL_FROM: 'AIMS <aims@example.org>',
    API_HOST: '127.0.0.1',
    PUBLIC_BASE_URL: 'http://aims.test',
    API_RESPONSE_CHECK: 'strict',
    AIMS_DATA_DIR: '/tmp/aims-topology-unused',
  };
}
