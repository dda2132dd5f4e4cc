import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ProcessGroup } from './process-group';

/** Debian's PostgreSQL binaries (scripts/provision-postgres.sh installs them). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(a) - Number(b))
    .at(-1);
  if (!version) throw new Error(`no PostgreSQL under ${root}: run scripts/provision-postgres.sh`);
  return path.join(root, version, 'bin');
}

const isRoot = process.getuid?.() === 0;

/**
 * PostgreSQL refuses to run as root: CI runs as root, so the server runs as `postgres` there.
 * Spawned with that uid directly (not through runuser, which would leave the process group the
 * test kills).
 */
function serverUser(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot) return {};
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A PostgreSQL server of the test's own (initdb in a temporary folder, a free port, trust on
 * loopback), so that the test can SIGKILL and restart it without touching the shared one.
 */
export class PrivatePostgres {
  private server: ProcessGroup | undefined;
  private readonly dir: string;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'aims-topology-pg-'));
    const user = serverUser();
    if ('uid' in user) chownSync(this.dir, user.uid, user.gid);
    const made = spawnSync(path.join(postgresBin(), 'initdb'), ['-D', this.dir, '-U', 'aims', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
      encoding: 'utf8',
      cwd: this.dir,
      ...user,
    });
    if (made.status !== 0) throw new Error(`initdb failed: ${made.stderr}`);
  }

  url(database: string): string {
    return `postgres://aims@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const args = ['-D', this.dir, '-p', String(this.port), '-h', '127.0.0.1', '-k', this.dir, '-c', 'max_connections=200', '-c', 'fsync=off'];
    this.server = new ProcessGroup('postgres', path.join(postgresBin(), 'postgres'), args, { cwd: this.dir, ...serverUser() });
    await this.server.waitFor('connections', async () => {
      const client = new pg.Client({ connectionString: this.url('postgres') });
      await client.connect();
      await client.end();
      return true;
    });
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  /** SIGKILL to the postmaster and every backend: what a crashed server or host looks like. */
  async kill(): Promise<void> {
    await this.server?.kill();
  }

  async createDatabase(name: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url('postgres') });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
  }

  async destroy(): Promise<void> {
    await this.server?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
