import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where scripts/provision-temporal.sh leaves the binaries: a cache outside the clone. */
export function temporalCacheDir(): string {
  const base = process.env.AIMS_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'aims-cycles');
  return path.join(base, 'temporal', 'bin');
}

function resolveBinary(explicit: string | undefined, name: string): string {
  const candidate = explicit ?? path.join(temporalCacheDir(), name);
  if (!existsSync(candidate)) {
    throw new Error(`the Temporal binary ${name} is not at ${candidate}: run \`npm run setup\` to install it`);
  }
  return candidate;
}

export const temporalCliPath = (explicit?: string): string =>
  resolveBinary(explicit ?? process.env.TEMPORAL_CLI_PATH, 'temporal');

export const temporalTestServerPath = (explicit?: string): string =>
  resolveBinary(explicit ?? process.env.TEMPORAL_TEST_SERVER_PATH, 'temporal-test-server');
