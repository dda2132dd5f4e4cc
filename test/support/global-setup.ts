// Runs once before every test file: fail early, with the fix, when the real servers are missing.
import { existsSync } from 'node:fs';
import { loadTemporalBinaries } from '../../config/load-config';

export default function setup(): void {
  if (!process.env.TEST_DATABASE_URL) {
    throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which provisions PostgreSQL');
  }
  const binaries = loadTemporalBinaries(process.env);
  for (const binary of [binaries.cli, binaries.testServer]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`npm run setup\``);
  }
}
