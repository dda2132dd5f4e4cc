import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ProcessGroup } from './process-group';

const repoRoot = path.join(__dirname, '..', '..', '..');

/** The cached build of scripts/provision-temporal-server.sh (bin/temporal-server, bin/temporal-sql-tool). */
export function temporalServerDir(): string {
  const dir = process.env.TEMPORAL_SERVER_DIR;
  if (!dir) throw new Error('TEMPORAL_SERVER_DIR is not set: run the tests with `npm test`, which builds the Temporal server');
  return dir;
}

export interface TemporalPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  membership: [number, number, number, number];
  metrics: number;
  pprof: number;
}

/** The server's YAML: every service in one process, persistence and visibility on PostgreSQL. */
function configYaml(pg: { host: string; port: number; user: string }, ports: TemporalPorts, dynamicConfig: string): string {
  const store = (database: string, conns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: "${pg.host}:${pg.port}"
        connectProtocol: tcp
        user: ${pg.user}
        password: ""
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: 1h`;
  const service = (grpc: number, membership: number, http?: number) => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 4
  datastores:
    default:${store('temporal', 20)}
    visibility:${store('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  pprof:
    port: ${ports.pprof}
  metrics:
    prometheus:
      framework: tally
      listenAddress: 127.0.0.1:${ports.metrics}
services:
  frontend:${service(ports.frontend, ports.membership[0], ports.frontendHttp)}
  history:${service(ports.history, ports.membership[1])}
  matching:${service(ports.matching, ports.membership[2])}
  worker:${service(ports.worker, ports.membership[3])}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: 127.0.0.1:${ports.frontend}
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: ${dynamicConfig}
  pollInterval: 10s
`;
}

/**
 * The real Temporal server (the binary the official image runs) on PostgreSQL: schema created and
 * upgraded by scripts/temporal-schema.sh through Temporal's schema tool, then the server, which
 * the test can SIGKILL and start again.
 */
export class TemporalServer {
  private server: ProcessGroup | undefined;
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'aims-topology-temporal-'));
  private readonly configFile = path.join(this.dir, 'temporal.yaml');

  constructor(
    private readonly pg: { host: string; port: number; user: string },
    readonly ports: TemporalPorts,
  ) {
    const dynamicConfig = path.join(this.dir, 'dynamic.yaml');
    // Search attributes on SQL visibility are registered per namespace by the worker at start.
    writeFileSync(dynamicConfig, 'system.forceSearchAttributesCacheRefreshOnRead:\n  - value: true\n');
    writeFileSync(this.configFile, configYaml(pg, ports, dynamicConfig));
  }

  get address(): string {
    return `127.0.0.1:${this.ports.frontend}`;
  }

  /** Creates or upgrades the two databases, as the compose file's schema job does. */
  setUpSchema(): string {
    const dir = temporalServerDir();
    const run = spawnSync('bash', [path.join(repoRoot, 'scripts', 'temporal-schema.sh')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        TEMPORAL_SQL_TOOL: path.join(dir, 'bin', 'temporal-sql-tool'),
        TEMPORAL_SCHEMA_DIR: path.join(dir, 'schema'),
        POSTGRES_SEEDS: this.pg.host,
        DB_PORT: String(this.pg.port),
        POSTGRES_USER: this.pg.user,
        POSTGRES_PWD: '',
      },
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`temporal-schema.sh failed:\n${run.stdout}\n${run.stderr}`);
    return run.stdout;
  }

  async start(): Promise<void> {
    this.server = new ProcessGroup(
      'temporal-server',
      path.join(temporalServerDir(), 'bin', 'temporal-server'),
      ['--config-file', this.configFile, '--allow-no-auth', 'start'],
      {
        cwd: this.dir,
      },
    );
    await this.server.waitFor('a frontend answer', () => this.answers(), 90_000);
  }

  /** Whether the frontend answers a system-info call. */
  async answers(): Promise<boolean> {
    const connection = await Connection.connect({ address: this.address, connectTimeout: 2_000 });
    try {
      await connection.withDeadline(Date.now() + 2_000, () => connection.workflowService.getSystemInfo({}));
      return true;
    } finally {
      await connection.close();
    }
  }

  /** Registers a namespace with the Temporal CLI, as the compose file's namespace job does. */
  createNamespace(namespace: string): void {
    const cli = process.env.TEMPORAL_CLI_PATH;
    if (!cli) throw new Error('TEMPORAL_CLI_PATH is not set');
    const run = spawnSync(cli, ['operator', 'namespace', 'create', '--address', this.address, '-n', namespace, '--retention', '3d'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.status !== 0) throw new Error(`namespace create failed: ${run.stderr}`);
  }

  async kill(): Promise<void> {
    await this.server?.kill();
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  get log(): string {
    return this.server?.log ?? '';
  }

  async destroy(): Promise<void> {
    await this.server?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A free port below 32768: Temporal keeps membership ports in a smallint column, so the
 * ephemeral range the operating system hands out (above 32768) does not fit.
 */
export async function freeMembershipPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
