// Runs once before every test file: fail early, with the fix, when the real servers are missing.
import { existsSync } from 'node:fs';
import { temporalCliPath, temporalTestServerPath } from '../../temporal/binaries';

export default function setup(): void {
  if (!process.env.TEST_DATABASE_URL) {
    throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which provisions PostgreSQL');
  }
  for (const binary of [temporalCliPath(), temporalTestServerPath()]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`npm run setup\``);
  }
}
