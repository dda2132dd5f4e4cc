// The overdue view and trend at scale, as one benchmark scenario: a record seeded straight into
// PostgreSQL with a few multi-row inserts (years of history: most tasks done, some extended, some
// overdue), then `GET /overdue` (first page, a filtered page, a later page by cursor, a wide page)
// and `GET /overdue/trend` through the real API, each beside the raw SQL the same request sends,
// replayed straight on PostgreSQL in the same run (issue #20: the API's p99 within 1.5 × the raw
// SQL's). Used by `npm run bench:overdue` and as a row of `npm run bench`'s issue table.
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../config/load-config';
import type { Db } from '../db/database';
import { issueToken } from '../db/repositories/api-tokens.repository';
import { insertAims } from '../db/repositories/aims.repository';
import { createEngine } from '../main/engine';
import { freshPostgres } from '../test/support/database';
import { newPerson } from '../test/support/fixtures';
import { SqlRecorder, replay, widest } from './sql-recorder';
import { summarize, type Summary } from './stats';

const NOW = new Date('2027-06-16T10:00:00Z');
const PEOPLE = 400;
const DEPARTMENTS = ['Data Science', 'Legal', 'Risk', 'Platform', 'Product', 'HR', 'Security', 'Quality'];
/** The issue's aim: the API's p99 within this multiple of the raw SQL's. */
export const OVERDUE_AIM = 1.5;

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
    with a as (select array_agg(id order by name) as ids from aims),
    c as (
      select g, gen_random_uuid() as id, a.ids[1 + g % 3] as aims_id,
             (${peopleIds})[1 + (g * 7919) % ${PEOPLE}::int] as owner_id,
             ${NOW.toISOString()}::timestamptz - ((g::float / ${cases}::int) * interval '730 days') as raised_at,
             case when g % 4 = 0 then 'major' else 'minor' end as severity
      from generate_series(1, ${cases}::int) g, a
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
           case when c.number % 10 = 0 then jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'status', 'approved', 'previousDueDate', (c.raised_on + s.offset_days)::date, 'requestedDueDate', (c.raised_on + s.offset_days + 14)::date, 'decidedAt', (c.raised_on + s.offset_days + 1)::timestamptz)) else '[]'::jsonb end,
           c.raised_on + s.offset_days * interval '1 day',
           case when c.raised_on + s.offset_days + 14 < ${NOW.toISOString()}::date - 30 and c.number % 7 <> 0 then (c.raised_on + s.offset_days + 10)::timestamptz end,
           1
    from nc_cases c cross join (values ('containment', 0), ('root_cause', 20), ('action', 50)) as s(step, offset_days)`.execute(db);
  await sql`analyze`.execute(db);
  const counts = await db
    .selectFrom('tasks')
    .select([sql<number>`count(*)::int`.as('all'), sql<number>`(count(*) filter (where status = 'open'))::int`.as('open')])
    .executeTakeFirstOrThrow();
  return { management: people[0]!, counts };
}

export interface OverdueRead {
  label: string;
  /** Bytes of the answer. */
  bytes: number;
  statements: number;
  api: Summary;
  sql: Summary;
}

export interface OverdueFigures {
  cases: number;
  tasks: number;
  open: number;
  overdue: number;
  owners: number;
  rounds: number;
  seedSeconds: number;
  reads: OverdueRead[];
}

/** Seeds `cases` cases into a fresh database, measures each read `rounds` times beside its raw SQL, drops the database. */
export async function measureOverdueReads(options: { cases: number; rounds: number; progress?: (m: string) => void }): Promise<OverdueFigures> {
  const progress = options.progress ?? (() => {});
  const recorder = new SqlRecorder();
  recorder.install();
  const postgres = await freshPostgres();
  const replayClients: pg.Client[] = [];
  // No Temporal call is made by these reads: a client that would connect on first use is enough.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const { config, secrets } = loadConfig({ API_PORT: '1', AIMS_DATA_DIR: '/tmp/aims-bench-overdue', LOG_LEVEL: 'silent' }, 'all-in-one');
  const engine = await createEngine({ ...config, api: { ...config.api, port: 0 } }, secrets, {
    db: postgres.db,
    temporal: { client: temporal },
    clock: { now: () => NOW },
    log: pino({ level: 'silent' }),
  });
  try {
    progress(`seeding ${options.cases} cases`);
    const seededAt = performance.now();
    const { management, counts } = await seed(postgres.db, options.cases);
    const seedSeconds = (performance.now() - seededAt) / 1000;
    progress(`seeded ${counts.all} tasks (${counts.open} open) in ${seedSeconds.toFixed(1)} s`);
    const { secret } = await issueToken(postgres.db, management.id, 'bench');
    const { url } = await engine.serveHttp();
    const get = async (path: string) => {
      const response = await fetch(url + path, { headers: { authorization: `Bearer ${secret}` } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 300)}`);
      return body;
    };
    // A later page: the cursor after four pages of 100.
    let cursor = '';
    for (let i = 0; i < 4; i++)
      cursor = (JSON.parse(await get(`/overdue${cursor ? `?cursor=${cursor}` : ''}`)) as { page: { nextCursor: string } }).page.nextCursor;
    const reads = [
      ['overdue: first page, by owner', '/overdue'],
      ['overdue: major, Data Science, by age', '/overdue?severity=major&department=Data%20Science&groupBy=age'],
      ['overdue: fifth page by cursor', `/overdue?cursor=${cursor}`],
      ['overdue: 500 a page, by department', '/overdue?groupBy=department&limit=500'],
      ['trend: 12 weeks, all AIMS', '/overdue/trend?weeks=12'],
      ['trend: 52 weeks, all AIMS', '/overdue/trend?weeks=52'],
    ] as const;
    const view = JSON.parse(await get('/overdue')) as { total: number; groupCount: number };
    progress(`measuring ${options.rounds} rounds of each read, the API and its raw SQL side by side`);
    const results: OverdueRead[] = [];
    for (const [label, path] of reads) {
      const body = await get(path); // warm-up: plans cached, modules loaded
      const batches = await recorder.record(() => get(path));
      while (replayClients.length < widest(batches)) {
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        replayClients.push(client);
      }
      await replay(replayClients, batches);
      // BENCH_SHOW_SQL=1 names the statements each read sends (batches run concurrently within).
      if (process.env.BENCH_SHOW_SQL) for (const b of batches) progress(`  ${label}: ${b.map((q) => q.text.replace(/\s+/g, ' ').slice(0, 90)).join(' | ')}`);
      const api: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < options.rounds; i++) {
        // Interleaved, so both see the same load on the shared machine.
        let started = performance.now();
        await get(path);
        api.push(performance.now() - started);
        started = performance.now();
        await replay(replayClients, batches);
        raw.push(performance.now() - started);
      }
      results.push({ label, bytes: Buffer.byteLength(body), statements: batches.flat().length, api: summarize(api), sql: summarize(raw) });
    }
    return {
      cases: options.cases,
      tasks: counts.all,
      open: counts.open,
      overdue: view.total,
      owners: view.groupCount,
      rounds: options.rounds,
      seedSeconds,
      reads: results,
    };
  } finally {
    for (const client of replayClients) await client.end();
    await engine.close();
    await temporal.connection.close().catch(() => {});
    await postgres.drop();
  }
}
