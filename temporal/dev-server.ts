import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { TemporalBinaries } from '../config/config';
import { temporalCliPath } from './binaries';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  port: number;
  uiPort: number;
  /** SQLite file: the server's state survives restarts of the engine. */
  dbFile: string;
  namespace: string;
  binaries: TemporalBinaries;
  startTimeoutMs?: number;
}

/** The flags that register the engine's search attributes at the server's start (kept from then on). */
const searchAttributeFlags = (): string[] =>
  SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${key.type === 'KEYWORD' ? 'Keyword' : 'Datetime'}`]);

/**
 * Spawns `temporal server start-dev` with its state and log under the data folder, and resolves
 * once it answers a health check. The spawn happens before the first await, so `npm start` calls
 * this first thing and loads the rest of the engine while the server starts; the Temporal client
 * is loaded here only when the port accepts.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const executable = temporalCliPath(options.binaries);
  mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const log = createWriteStream(path.join(path.dirname(options.dbFile), 'dev-server.log'), { flags: 'a' });
  const child = spawn(
    executable,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--ui-port',
      String(options.uiPort),
      '--db-filename',
      options.dbFile,
      '--namespace',
      options.namespace,
      '--log-level',
      'warn',
      ...searchAttributeFlags(),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const address = `127.0.0.1:${options.port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitUntilHealthy(address, child, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    stop: () => stopChild(child, exited).finally(() => log.end()),
  };
}

/** Whether something accepts TCP connections on `port`: a cheap probe, unlike a gRPC connection. */
function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntilHealthy(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the Temporal dev server exited with code ${child.exitCode}; see dev-server.log in the data folder`);
    }
    if (!(await portAccepts(port))) {
      lastError = new Error(`nothing listens on ${address} yet`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    try {
      const { Connection } = await import('@temporalio/client');
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.healthService.check({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`the Temporal dev server did not answer on ${address} within ${timeoutMs} ms: ${String(lastError)}`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
