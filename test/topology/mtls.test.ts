import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Connection, type TLSConfig } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import type { Db } from '../../db/database';
import { issueToken } from '../../db/repositories/api-tokens.repository';
import { MailCatcher } from '../../mail/capture-server';
import { newPerson } from '../support/fixtures';
import { freePort } from '../support/ports';
import { EngineProcess } from '../support/topology/engine-process';
import type { PrivatePostgres } from '../support/topology/private-postgres';
import { startTemporalOnPostgres, topologyEngineEnv } from '../support/topology/temporal-on-postgres';
import type { TemporalServer } from '../support/topology/temporal-server';
import { makeTestCertificates, type TestCertificates } from '../support/topology/test-certificates';

/**
 * Client mTLS to a self-hosted Temporal (issue #18): the server built from go.temporal.io/server
 * on PostgreSQL with `requireClientAuth` on its frontend and certificates the test makes. A
 * client without a certificate is refused; the engine's worker and API, given theirs through
 * TEMPORAL_TLS_CERT_PATH / KEY_PATH / CA_PATH, run a case whose assignment email arrives.
 */
describe('mTLS between the engine and a self-hosted Temporal', () => {
  let pg: PrivatePostgres;
  let temporal: TemporalServer;
  let catcher: MailCatcher;
  let db: Db;
  let certs: TestCertificates;
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'aims-mtls-'));
  const engine: EngineProcess[] = [];
  let apiUrl: string;

  /** Asks the frontend for its system info over `tls`; the error's text if it refuses. */
  async function systemInfoWith(tls: TLSConfig | undefined) {
    try {
      const connection = await Connection.connect({ address: temporal.address, connectTimeout: 3_000, tls });
      try {
        await connection.withDeadline(Date.now() + 3_000, () => connection.workflowService.getSystemInfo({}));
        return 'answered';
      } finally {
        await connection.close();
      }
    } catch (error) {
      return `refused: ${String(error)}`;
    }
  }

  beforeAll(async () => {
    certs = makeTestCertificates(certDir);
    ({ pg, temporal } = await startTemporalOnPostgres({ certs }));
    catcher = new MailCatcher({ port: 0, keepInMemory: true });
    await catcher.start();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(engine.map((p) => p.stop()));
    await db?.destroy();
    await catcher?.stop();
    await temporal?.destroy();
    await pg?.destroy();
    rmSync(certDir, { recursive: true, force: true });
  }, 120_000);

  it('refuses a client without a certificate, and one over plain TCP', async () => {
    const ca = readFileSync(certs.caFile);
    expect(await systemInfoWith(undefined)).toMatch(/^refused/);
    expect(await systemInfoWith({ serverRootCACertificate: ca, serverNameOverride: 'localhost' })).toMatch(/^refused/);
    expect(await systemInfoWith(temporal.clientTls!)).toBe('answered');
  });

  it('runs a case through the engine presenting its certificate from the TEMPORAL_TLS_* settings', { timeout: 300_000 }, async () => {
    const env = {
      ...topologyEngineEnv(pg, temporal, catcher.port),
      DATABASE_POOL_SIZE: '3',
      TEMPORAL_TLS_CERT_PATH: certs.clientCertFile,
      TEMPORAL_TLS_KEY_PATH: certs.clientKeyFile,
      TEMPORAL_TLS_CA_PATH: certs.caFile,
      // The address is an IP; the server's certificate names localhost (and 127.0.0.1).
      TEMPORAL_TLS_SERVER_NAME: 'localhost',
      API_PORT: String(await freePort()),
      DIGESTS: 'false',
    };
    apiUrl = `http://127.0.0.1:${env.API_PORT}`;
    engine.push(new EngineProcess('mtls-worker', 'worker', env));
    await engine[0]!.start();
    engine.push(new EngineProcess('mtls-api', 'api', env));
    await engine[1]!.start();

    db = connectDatabase({ kind: 'postgres', url: pg.url('aims'), poolSize: 2 });
    const pm = await newPerson(db, { name: 'Pia', email: 'pia@example.org', roles: ['programme_manager'] });
    const owner = await newPerson(db, { name: 'Olaf', email: 'olaf@example.org', roles: ['action_owner'] });
    const token = (await issueToken(db, pm.id, 'mtls')).secret;
    const call = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${apiUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's own answers, checked by the assertions
      return { status: response.status, body: (await response.json()) as any };
    };

    expect((await fetch(`${apiUrl}/readyz`)).status).toBe(200);
    const aims = await call('POST', '/aims', { name: 'mTLS AIMS', timeZone: 'UTC', programmeManagerId: pm.id });
    expect(aims.status, JSON.stringify(aims.body)).toBe(201);
    const raised = await call('POST', '/cases', { aimsId: aims.body.id, title: 'Raised over mTLS', source: 'incident', severity: 'minor', ownerId: owner.id });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    // The worker (its own mTLS connection) ran the case's activities: the owner's assignment email arrived.
    const [mail] = await catcher.waitForCount(1, 60_000);
    expect(mail!.to).toContain('olaf@example.org');
    expect(mail!.raw.toString()).toContain('Raised over mTLS');
    const read = await call('GET', `/cases/${raised.body.id}`);
    expect(read.body.status).toBe('containment');
  });
});
