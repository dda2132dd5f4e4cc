// Verifies an AIMS's audit-trail chain and names the first entry that does not verify.
//   npm run trail:verify -- --aims <aims id>      (or --organisation <organisation id>: its own record, people and tokens)
// Exit code 0: intact; 3: broken (the entry named); 1: could not run.
import { parseArgs } from 'node:util';
import { findAimsById } from '../db/repositories/aims.repository';
import { verifyTrailChain } from '../services/audit-trail-verification';
import { loadConfigOrExit } from './fail-on-bad-config';
import { openDatabase } from './open-database';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { aims: { type: 'string' }, organisation: { type: 'string' } } });
  if ((values.organisation !== undefined) === (values.aims !== undefined)) throw new Error('give either --aims <aims id> or --organisation <organisation id>');
  if (values.aims !== undefined && !UUID.test(values.aims)) throw new Error(`--aims: ${values.aims} is not an AIMS id`);
  if (values.organisation !== undefined && !UUID.test(values.organisation)) throw new Error(`--organisation: ${values.organisation} is not an organisation id`);
  const { config, secrets } = loadConfigOrExit('all-in-one');
  const database = await openDatabase(config, secrets, 'trail:verify');
  try {
    const aimsId = values.aims ?? null;
    if (aimsId !== null && !(await findAimsById(database.db, aimsId))) throw new Error(`--aims: no AIMS has the id ${aimsId}`);
    const organisationId = values.organisation ?? null;
    const result = await verifyTrailChain(database.db, aimsId, organisationId);
    const which = aimsId === null ? `organisation ${organisationId}` : `AIMS ${aimsId}`;
    if (result.firstBroken) {
      const b = result.firstBroken;
      process.stdout.write(
        `BROKEN: audit trail of ${which}: entry ${b.entryId} (position ${b.seq}): ${b.reason}; ${result.entries} entries before it verify\n`,
      );
      return 3;
    }
    const head = result.head ? `, head entry ${result.head.entryId} (position ${result.head.seq}) ${result.head.hash}` : '';
    process.stdout.write(`intact: audit trail of ${which}: ${result.entries} entries${head}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
