// `npm run bench:overdue`: the overdue view and trend at scale through the API, each read beside
// the raw SQL it sends (bench/overdue-scenario.ts), as a table of p50/p99 and their ratio.
//
//   npm run bench:overdue                    # 200000 cases (~600000 tasks), 40 rounds
//   npm run bench:overdue -- --quick         # 20000 cases, 15 rounds: well under two minutes
//   npm run bench:overdue -- --cases 50000 --rounds 20
//
// Needs PostgreSQL (TEST_DATABASE_URL, default the server `npm test` provisions).
import { parseArgs } from 'node:util';
import { OVERDUE_AIM, measureOverdueReads } from './overdue-scenario';
import { mb, ms, table } from './stats';

process.env.TEST_DATABASE_URL ??= 'postgres://aims:aims@127.0.0.1:5432/aims_test';

function options() {
  const { values } = parseArgs({
    options: { cases: { type: 'string' }, rounds: { type: 'string' }, quick: { type: 'boolean', default: false } },
    strict: true,
  });
  return {
    cases: Number(values.cases ?? (values.quick ? 20_000 : 200_000)),
    rounds: Number(values.rounds ?? (values.quick ? 15 : 40)),
  };
}

const progress = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

async function main() {
  const figures = await measureOverdueReads({ ...options(), progress });
  const rows: string[][] = [['read', 'answer', 'statements', 'API p50', 'API p99', 'SQL p50', 'SQL p99', 'p99 ratio', `aim ≤ ${OVERDUE_AIM} ×`]];
  for (const r of figures.reads) {
    const ratio = r.api.p99 / r.sql.p99;
    rows.push([
      r.label,
      `${(r.bytes / 1024).toFixed(0)} KiB`,
      String(r.statements),
      ms(r.api.p50),
      ms(r.api.p99),
      ms(r.sql.p50),
      ms(r.sql.p99),
      `${ratio.toFixed(2)} ×`,
      ratio <= OVERDUE_AIM ? 'met' : 'not met',
    ]);
  }
  process.stdout.write(
    `\n${figures.cases} cases, ${figures.tasks} tasks, ${figures.open} open, ${figures.overdue} overdue in ${figures.owners} owners (seeded in ${figures.seedSeconds.toFixed(0)} s); ${figures.rounds} rounds each, ms\n\n`,
  );
  process.stdout.write(`${table(rows)}\n`);
  process.stdout.write(`\nmemory: rss ${mb(process.memoryUsage().rss)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
