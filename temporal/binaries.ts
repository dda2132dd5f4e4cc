import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TemporalBinaries } from '../config/config';

/** The path, once it is known to exist; otherwise an error that says how to install it. */
function requireBinary(file: string): string {
  if (!existsSync(file)) {
    throw new Error(`the Temporal binary ${path.basename(file)} is not at ${file}: run \`npm run setup\` to install it`);
  }
  return file;
}

/** The Temporal CLI, which runs the dev server (config.temporal.binaries, from config/). */
export const temporalCliPath = (binaries: TemporalBinaries): string => requireBinary(binaries.cli);

/** The time-skipping test server (tests only). */
export const temporalTestServerPath = (binaries: TemporalBinaries): string => requireBinary(binaries.testServer);
