// The spawned all-in-one engine's rows of issue #20 on their own (the same scenario `npm run
// bench` runs after its others): memory at start, after lifecycles and once idle, lifecycles
// per second on PGlite vs PostgreSQL, the owner's inbox while cases are driven.
//
//   npm run bench:engines -- [--cases N (300)] [--concurrency C (32)] [--idle S (60)] [--env NAME=VALUE ...]
//
// --env passes a setting to both engines, e.g. the engine as before a default changed.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { EngineProcesses } from './engine-process';
import { engineMemoryTable, engineRows } from './issue-table';
import { say } from './scenario-kit';
import { table } from './stats';

process.env.TEST_DATABASE_URL ??= 'postgres://aims:aims@127.0.0.1:5432/aims_test';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '32' },
      idle: { type: 'string', default: '60' },
      env: { type: 'string', multiple: true, default: [] },
    },
    strict: true,
  });
  const extraEnv = Object.fromEntries(
    values.env.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`--env takes NAME=VALUE, got ${pair}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const load0 = os.loadavg()[0]!;
  const processes = await EngineProcesses.start({ extraEnv, progress: say });
  const engines = await (async () => {
    try {
      await processes.drive(Number(values.cases), Number(values.concurrency), say);
      return await processes.finish(Number(values.idle), say);
    } finally {
      await processes.close();
    }
  })();
  const rows = [['measure', 'now', 'reference (same run)', 'ratio', 'aim'], ...engineRows(engines)];
  process.stdout.write(
    `\n${engineMemoryTable(engines)}\n\n${table(rows)}\n  load average (1 min) before ${load0.toFixed(2)}, after ${os.loadavg()[0]!.toFixed(2)}\n`,
  );
  const failed = engines.some((e) => e.lifecycles.failures.count > 0 || e.lifecycles.done < e.lifecycles.count);
  for (const e of engines) for (const f of e.lifecycles.failures.first) process.stdout.write(`  ${e.storage}: ${f}\n`);
  process.exitCode = failed ? 1 : 0;
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
