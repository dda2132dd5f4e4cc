// Read benchmark for what management and owners look at: the overdue view, the weekly trend, a
// person's inbox and the dashboard page, over a record of many cases and tasks seeded straight
// into PostgreSQL (years of history: most tasks done, some extended, some overdue).
//
//   npm run bench:overdue                                # 20000 cases (~60000 tasks), 30 rounds
//   npm run bench:overdue -- --cases 50000 --rounds 20
//
// Needs PostgreSQL (TEST_DATABASE_URL, default the server `npm test` provisions). Prints a table
// of latencies per read and the process memory.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { insertAims } from '../db/repositories/aims.repository';
import { overdueTrend } from '../services/overdue-trend';
import { overdueView } from '../services/overdue-view';
import { listOpenTasks } from '../services/task-listing';
import { freshPostgres } from '../test/support/database';
import { newPerson } from '../test/support/fixtures';
import { ITEMS_PER_GROUP_ON_PAGE, dashboardPage } from '../web/pages/dashboard.page';
import { mb, ms, summarize, table } from './stats';

process.env.TEST_DATABASE_URL ??= 'postgres://aims:aims@127.0.0.1:5432/aims_test';
const NOW = new Date('2027-06-16T10:00:00Z');
const PEOPLE = 400;
const DEPARTMENTS = ['Data Science', 'Legal', 'Risk', 'Platform', 'Product', 'HR', 'Security', 'Quality'];

function options() {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '30' } }, strict: true });
  return { cases: Number(values.cases), rounds: Number(values.rounds) };
}

const progress = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

/** Three AIMS in three zones, people in departments, and per case three tasks over two years. */
async function seed(db: Db, cases: number) {
  const people = [];
  for (let i = 0; i < PEOPLE; i++) {
    people.push(
      await newPerson(db, {
        name: `Person ${i}`,
        department: DEPARTMENTS[i % DEPARTMENTS.length]!,
        timeZone: ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo'][i % 3]!,
        roles: i < 5 ? ['management'] : ['action_owner'],
      }),
    );
  }
  const pm = people[5]!.id;
  for (const [name, zone] of [
    ['AIMS Berlin', 'Europe/Berlin'],
    ['AIMS New York', 'America/New_York'],
    ['AIMS Tokyo', 'Asia/Tokyo'],
  ]) {
    await insertAims(db, { name: name!, time_zone: zone!, programme_manager_id: pm });
  }
  const peopleIds = sql.raw(`array[${people.map((p) => `'${p.id}'::uuid`).join(',')}]`);
  // Cases raised evenly over the two years before NOW; each gets containment, root cause and one
  // action. Older tasks are mostly done; 1 in 7 open ones runs late; 1 in 10 had an extension.
  await sql`
    with c as (
      select g, gen_random_uuid() as id, (select id from aims order by name offset (g % 3) limit 1) as aims_id,
             (${peopleIds})[1 + (g * 7919) % ${PEOPLE}::int] as owner_id,
             ${NOW.toISOString()}::timestamptz - ((g::float / ${cases}::int) * interval '730 days') as raised_at,
             case when g % 4 = 0 then 'major' else 'minor' end as severity
      from generate_series(1, ${cases}::int) g
    )
    insert into nc_cases (id, number, aims_id, workflow_id, title, source, severity, status, owner_id, raised_on, version)
    select id, row_number() over (partition by aims_id order by g), aims_id, 'nc-case-' || id, 'Case ' || g, 'incident', severity, 'implementation', owner_id, raised_at::date, 1 from c`.execute(
    db,
  );
  await sql`
    insert into tasks (id, aims_id, workflow_id, item_type, item_id, step, title, owner_id, due_date, status, approval, extensions, created_at, completed_at, version)
    select gen_random_uuid(), c.aims_id, c.workflow_id, 'nc_case', c.id, s.step, s.step, c.owner_id,
           (c.raised_on + s.offset_days + 14)::date,
           case when c.raised_on + s.offset_days + 14 < ${NOW.toISOString()}::date - 30 and c.number % 7 <> 0 then 'done' else 'open' end,
           case when c.severity = 'major' then 'management' else 'manager' end,
           case when c.number % 10 = 0 then jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'status', 'approved', 'previousDueDate', (c.raised_on + s.offset_days)::date, 'requestedDueDate', (c.raised_on + s.offset_days + 14)::date, 'decidedAt', (c.raised_on + s.offset_days - 1)::timestamptz)) else '[]'::jsonb end,
           c.raised_on + s.offset_days * interval '1 day',
           case when c.raised_on + s.offset_days + 14 < ${NOW.toISOString()}::date - 30 and c.number % 7 <> 0 then (c.raised_on + s.offset_days + 10)::timestamptz end,
           1
    from nc_cases c cross join (values ('containment', 0), ('root_cause', 20), ('action', 50)) as s(step, offset_days)`.execute(db);
  await sql`analyze`.execute(db);
  const counts = await db
    .selectFrom('tasks')
    .select([sql<number>`count(*)::int`.as('all'), sql<number>`(count(*) filter (where status = 'open'))::int`.as('open')])
    .executeTakeFirstOrThrow();
  return { people, counts };
}

async function time(label: string, rounds: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up: plans cached, modules loaded
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return [label, summarize(samples)] as const;
}

async function main() {
  const { cases, rounds } = options();
  const postgres = await freshPostgres();
  try {
    progress(`seeding ${cases} cases`);
    const started = performance.now();
    const { people, counts } = await seed(postgres.db, cases);
    progress(`seeded ${counts.all} tasks (${counts.open} open) in ${((performance.now() - started) / 1000).toFixed(1)} s; measuring ${rounds} rounds each`);
    const db = postgres.db;
    const owner = people[42]!;
    let peakRss = process.memoryUsage().rss;
    const results = [
      await time('inbox: one person, open tasks', rounds, () => listOpenTasks(db, NOW, { ownerId: owner.id })),
      await time('overdue view: all, by owner', rounds, () => overdueView(db, NOW, {}, 'owner')),
      await time('overdue view: major, one department, by age', rounds, () => overdueView(db, NOW, { severity: 'major', department: 'Legal' }, 'age')),
      await time('trend: 12 weeks, all AIMS', rounds, () => overdueTrend(db, NOW, { zone: 'Europe/Berlin', weeks: 12 })),
      await time('trend: 52 weeks, all AIMS', rounds, () => overdueTrend(db, NOW, { zone: 'Europe/Berlin', weeks: 52 })),
      await time('dashboard page: view + 12-week trend + HTML', rounds, async () => {
        const [view, trend] = await Promise.all([
          overdueView(db, NOW, {}, 'owner', ITEMS_PER_GROUP_ON_PAGE),
          overdueTrend(db, NOW, { zone: 'Europe/Berlin', weeks: 12 }),
        ]);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        return dashboardPage({ person: owner, view, trend, attention: [], aiRisks: [], aims: [], departments: DEPARTMENTS, filter: {} }).length;
      }),
    ];
    const overdue = (await overdueView(db, NOW, {}, 'owner')).total;
    const page = dashboardPage({
      person: owner,
      view: await overdueView(db, NOW, {}, 'owner', ITEMS_PER_GROUP_ON_PAGE),
      trend: [],
      attention: [],
      aiRisks: [],
      aims: [],
      departments: [],
      filter: {},
    }).length;
    process.stdout.write(`\n${cases} cases, ${counts.all} tasks, ${counts.open} open, ${overdue} overdue; dashboard page ${(page / 1024).toFixed(0)} KiB\n\n`);
    process.stdout.write(
      `${table([['read', 'n', 'p50 ms', 'p99 ms', 'max ms'], ...results.map(([label, s]) => [label, String(s.count), ms(s.p50), ms(s.p99), ms(s.max)])])}\n`,
    );
    const memory = process.memoryUsage();
    process.stdout.write(`\nmemory: rss ${mb(memory.rss)} (peak seen ${mb(peakRss)}), heap used ${mb(memory.heapUsed)}\n`);
  } finally {
    await postgres.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
