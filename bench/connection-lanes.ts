// PGlite's one connection handed out first come first served (kysely-pglite-dialect as it is)
// against `ConnectionLanes` (db/connection-lanes.ts), in one process and on one clock: eight
// loops of background work keep the connection busy (three reads, a transaction of ten updates,
// two reads, per "command"), while an interactive reader, every 50 ms, runs what an inbox
// request runs (two statements side by side, then one), timed from when its timer was due, so
// that a reader held up by the event loop counts as well as one held up by the queue. The two
// variants alternate, so that a machine whose load moves affects both.
//
//   npx tsx bench/connection-lanes.ts [--seconds S (8)] [--rounds N (3)]
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { LanedPGliteDialect, runInteractive } from '../db/connection-lanes';
import { percentile } from './stats';

const BACKGROUND_LOOPS = 8;
const READ_EVERY_MS = 50;

async function variant(laned: boolean, seconds: number): Promise<{ p50: number; p90: number; reads: number; commandsPerSecond: number }> {
  const pglite = new PGlite();
  const db = new Kysely<Record<string, never>>({ dialect: laned ? new LanedPGliteDialect(pglite) : new PGliteDialect(pglite) });
  await sql`create table t (id int primary key, v text, n int)`.execute(db);
  await sql`insert into t select g, 'x', 0 from generate_series(1, 2000) g`.execute(db);
  let stop = false;
  let commands = 0;
  const background = Array.from({ length: BACKGROUND_LOOPS }, async (_, loop) => {
    while (!stop) {
      for (let i = 0; i < 3; i++) await sql`select count(*) from t where n >= ${i}`.execute(db);
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < 10; i++) await sql`update t set n = n + 1 where id = ${((loop * 97 + i * 13) % 2000) + 1}`.execute(trx);
      });
      for (let i = 0; i < 2; i++) await sql`select * from t where id = ${i + 1}`.execute(db);
      commands += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
  const read = async () => {
    await Promise.all([sql`select v from t where id = 1`.execute(db), sql`select v from t where id = 2`.execute(db)]);
    await sql`select id, v from t where n > 1000000 order by id limit 20`.execute(db);
  };
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const due = performance.now() + READ_EVERY_MS;
    await new Promise((resolve) => setTimeout(resolve, READ_EVERY_MS));
    await (laned ? runInteractive(read) : read());
    latencies.push(performance.now() - due);
  }
  stop = true;
  await Promise.all(background);
  await db.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p90: percentile(latencies, 90), reads: latencies.length, commandsPerSecond: commands / seconds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' } }, strict: true });
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const laned of [false, true]) {
      const r = await variant(laned, Number(values.seconds));
      process.stdout.write(
        `round ${round}, ${laned ? 'lanes      ' : 'first come '}: interactive p50 ${r.p50.toFixed(1)} / p90 ${r.p90.toFixed(1)} ms (${r.reads} reads); background ${r.commandsPerSecond.toFixed(1)} commands/s\n`,
      );
    }
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
