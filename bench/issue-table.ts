// The figures of issue #20 as one table: each measure beside the floor measured in the same run,
// and their ratio against the issue's aim. Figures on a shared machine are noisy; ratios are
// what compares across runs.
import type { OverdueFigures } from './overdue-scenario';
import { OVERDUE_AIM } from './overdue-scenario';
import type { LatencyBook } from './stats';
import { ms, summarize, table } from './stats';

interface Scenario {
  name: string;
  done: number;
  wallMs: number;
  calls: LatencyBook;
}

const COMMANDS = [
  ['containment', 'POST /cases/:id/containment'],
  ['root cause', 'POST /cases/:id/root-cause'],
  ['plan decision', 'POST /cases/:id/plan-decision'],
  ['action completion', 'POST /cases/:id/actions/:actionId/completion'],
  ['effectiveness', 'POST /cases/:id/effectiveness'],
] as const;

const rate = (r: Scenario) => r.done / (r.wallMs / 1000);
const ratio = (x: number, floor: number) => (floor > 0 && Number.isFinite(x) ? `${(x / floor).toFixed(2)} ×` : '-');

export function issueTable(input: {
  a1: Scenario;
  f1: Scenario;
  a: Scenario;
  u: Scenario;
  cpuA: number;
  cpuU: number;
  overdue?: OverdueFigures;
  counts: string[];
}): string {
  const { a1, f1, a, u } = input;
  const floorUpdate = summarize(f1.calls.of('update')).p50;
  const rows = [['measure', 'now', 'floor (same run)', 'ratio', 'aim']];
  for (const [name, label] of COMMANDS) {
    const p50 = summarize(a1.calls.of(label)).p50;
    rows.push([`${name}, c1 p50 ms`, ms(p50), `${ms(floorUpdate)} (update + 1 DB LA)`, ratio(p50, floorUpdate), '≤ 2 ×']);
  }
  rows.push([`lifecycles/s, ${a.name.split(', ').at(-1)}`, rate(a).toFixed(1), `${rate(u).toFixed(1)} (6 no-op updates)`, ratio(rate(a), rate(u)), '≥ 0.5 ×']);
  rows.push(['CPU ms per lifecycle (node + Temporal + PG)', ms(input.cpuA), `${ms(input.cpuU)} (6 no-op updates)`, ratio(input.cpuA, input.cpuU), 'halve']);
  for (const read of input.overdue?.reads ?? []) {
    if (!/first page|trend: 12/.test(read.label)) continue;
    rows.push([
      `${read.label} at ${input.overdue!.cases} cases, p99 ms (${(read.bytes / 1024).toFixed(0)} KiB)`,
      ms(read.api.p99),
      `${ms(read.sql.p99)} (its raw SQL)`,
      ratio(read.api.p99, read.sql.p99),
      `≤ ${OVERDUE_AIM} ×`,
    ]);
  }
  return ['', 'Issue #20 figures', table(rows), ...input.counts.map((c) => `  ${c}`)].join('\n');
}
