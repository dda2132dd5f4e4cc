import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../db/repositories/api-tokens.repository';
import { insertAims } from '../../db/repositories/aims.repository';
import type { ExtensionRequest } from '../../domain/task';
import { AGE_BUCKETS, TASK_KINDS, ageBucketOf } from '../../services/task-listing';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { newPerson } from '../support/fixtures';
import { webSession } from '../support/web-session';

// Issue #20: the overdue view is grouped, counted and paged by PostgreSQL. Over a record seeded
// straight into the database (kinds, severities, departments, three zones, extensions, closed
// and cancelled tasks), every page walk must list each overdue task once in one stable order, and
// the figures, the trend and the exports must equal what a plain reading of the record gives.

const NOW = new Date('2027-06-16T20:00:00Z'); // already the 17th in Tokyo, still the 16th in Berlin and New York
const ZONES = ['Europe/Berlin', 'Asia/Tokyo', 'America/New_York'] as const;
const DEPARTMENTS = ['Legal', 'Risk', 'Data Science', null] as const;
const GROUPINGS = ['owner', 'department', 'severity', 'kind', 'age'] as const;

type Item = {
  id: string;
  kind: string;
  ownerId: string;
  department: string | null;
  severity: string | null;
  dueDate: string;
  daysOverdue: number;
  ageBucket: string;
};
type Group = { key: string; label: string; count: number; items: Item[] };
type View = {
  total: number;
  groupCount: number;
  counts: { kind: Record<string, number>; severity: Record<string, number>; age: Record<string, number> };
  groups: Group[];
  page: { limit: number; nextCursor: string | null };
};

const day = (date: string, days: number) => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;

describe('the overdue view, paged by cursor', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  let temporal: Client;
  let token: string;
  let berlinId: string;

  const get = async (path: string) => {
    const response = await fetch(api.url + path, { headers: { authorization: `Bearer ${token}` } });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const body: any = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : await response.text();
    return { status: response.status, body };
  };
  const view = async (query: string): Promise<View> => {
    const { status, body } = await get(`/overdue?${query}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body as View;
  };
  /** Every page of a selection, following nextCursor. */
  const walk = async (query: string) => {
    const pages: View[] = [];
    let cursor: string | null = null;
    do {
      pages.push(await view(`${query}${cursor ? `&cursor=${cursor}` : ''}`));
      cursor = pages.at(-1)!.page.nextCursor;
    } while (cursor && pages.length < 200);
    return pages;
  };
  /** The overdue tasks as a plain reading of the record has them. */
  const overdueInRecord = async (where: (t: { severity: string | null; department: string | null; aims_id: string }) => boolean = () => true) => {
    const rows = await postgres.db
      .selectFrom('tasks')
      .innerJoin('aims', 'aims.id', 'tasks.aims_id')
      .innerJoin('people', 'people.id', 'tasks.owner_id')
      .leftJoin('nc_cases', 'nc_cases.id', 'tasks.item_id')
      .select(['tasks.id', 'tasks.item_type', 'tasks.due_date', 'tasks.aims_id', 'aims.time_zone', 'people.department', 'nc_cases.severity'])
      .where('tasks.status', '=', 'open')
      .execute();
    return rows
      .map((r) => {
        const today = DateTime.fromJSDate(NOW, { zone: r.time_zone }).toISODate()!;
        const daysOverdue = Math.round(DateTime.fromISO(today).diff(DateTime.fromISO(r.due_date), 'days').days);
        return { ...r, severity: r.severity ?? null, daysOverdue };
      })
      .filter((r) => r.daysOverdue > 0 && where(r));
  };

  beforeAll(async () => {
    postgres = await freshPostgres();
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    api = await startApi(postgres.db, temporal, { now: () => NOW });
    const pm = await newPerson(postgres.db, { name: 'Pam', roles: ['programme_manager'], timeZone: 'Europe/Berlin' });
    token = (await issueToken(postgres.db, pm.id, 'test')).secret;
    const owners = [];
    for (let i = 0; i < 9; i++) owners.push(await newPerson(postgres.db, { name: `Owner ${i % 3 === 0 ? 'A' : 'B'}${i}`, department: DEPARTMENTS[i % 4]! }));
    const aimsIds = [];
    for (const zone of ZONES) aimsIds.push((await insertAims(postgres.db, { name: `AIMS ${zone}`, time_zone: zone, programme_manager_id: pm.id })).id);
    berlinId = aimsIds[0]!;
    const tasks = [];
    for (let i = 0; i < 230; i++) {
      const kind = TASK_KINDS[i % TASK_KINDS.length]!;
      const aimsId = aimsIds[i % 3]!;
      const owner = owners[(i * 5) % owners.length]!;
      const itemId = randomUUID();
      if (kind === 'nc_case') {
        await postgres.db
          .insertInto('nc_cases')
          .values({
            id: itemId,
            number: i + 1,
            aims_id: aimsId,
            workflow_id: `nc-case-${itemId}`,
            title: `Case ${i}`,
            source: 'incident',
            severity: i % 3 === 0 ? 'major' : 'minor',
            status: 'implementation',
            owner_id: owner.id,
            raised_on: '2027-01-01',
            description: '',
            iteration: 1,
            details: '{}',
            updated_at: NOW,
            version: 1,
          })
          .execute();
      }
      // Due dates from 200 days before today to 20 days after: every age bucket, and today itself.
      // The first few are due today in Berlin and New York, which is yesterday in Tokyo.
      const dueDate = i < 6 ? '2027-06-16' : day('2027-06-16', ((i * 37) % 221) - 200);
      const createdAt = DateTime.fromISO(day(dueDate, -30 - (i % 9)), { zone: 'UTC' })
        .plus({ hours: 11 })
        .toJSDate();
      const status = i % 11 === 0 ? 'done' : i % 17 === 0 ? 'cancelled' : 'open';
      const completedAt =
        status === 'open' || (status === 'cancelled' && i % 2 === 0) ? null : DateTime.fromISO(day(dueDate, (i % 13) - 3), { zone: 'UTC' }).toJSDate();
      const extensions: ExtensionRequest[] = [];
      if (i % 6 === 0) {
        // An approved extension from the original date, decided a few days before it; every 12th a second one.
        const original = day(dueDate, -14);
        const decided = (d: string) => `${d}T16:30:00.000Z`;
        const base = { reason: 'r', requestedBy: owner.id, requestedAt: decided(day(original, -6)) };
        if (i % 12 === 0) {
          extensions.push({
            ...base,
            id: randomUUID(),
            status: 'approved',
            previousDueDate: original,
            requestedDueDate: day(original, 7),
            decidedAt: decided(day(original, -4)),
          });
          extensions.push({
            ...base,
            id: randomUUID(),
            status: 'approved',
            previousDueDate: day(original, 7),
            requestedDueDate: dueDate,
            decidedAt: decided(day(original, 9)),
          });
        } else {
          extensions.push({
            ...base,
            id: randomUUID(),
            status: 'rejected',
            previousDueDate: original,
            requestedDueDate: day(original, 30),
            decidedAt: decided(day(original, -5)),
          });
          extensions.push({
            ...base,
            id: randomUUID(),
            status: 'approved',
            previousDueDate: original,
            requestedDueDate: dueDate,
            decidedAt: decided(day(original, -2)),
          });
        }
      }
      tasks.push({
        id: randomUUID(),
        aims_id: aimsId,
        workflow_id: `wf-${itemId}`,
        item_type: kind,
        item_id: itemId,
        step: 'step',
        title: `Task ${i}`,
        owner_id: owner.id,
        due_date: dueDate,
        status: status as 'open' | 'done' | 'cancelled',
        approval: 'manager' as const,
        extensions: JSON.stringify(extensions),
        created_at: createdAt,
        completed_at: completedAt,
        version: 1,
      });
    }
    await postgres.db.insertInto('tasks').values(tasks).execute();
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.connection.close().catch(() => {});
    await postgres?.drop();
  });

  it.each(GROUPINGS)('lists every overdue task once across pages, in one stable order, grouped by %s', async (groupBy) => {
    const expected = await overdueInRecord();
    expect(expected.length).toBeGreaterThan(60);
    const pages = await walk(`groupBy=${groupBy}&limit=13`);
    expect(pages.length).toBe(Math.ceil(expected.length / 13));
    const items = pages.flatMap((p) => p.groups.flatMap((g) => g.items.map((item) => ({ ...item, group: g.key }))));
    expect(items.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
    // The same walk again gives the same sequence.
    const again = (await walk(`groupBy=${groupBy}&limit=13`)).flatMap((p) => p.groups.flatMap((g) => g.items.map((i) => i.id)));
    expect(again).toEqual(items.map((t) => t.id));
    // Groups come whole (a group never comes back once another started), each with its exact count.
    const order = [...new Set(items.map((t) => t.group))];
    const runs = items.filter((t, i) => i === 0 || items[i - 1]!.group !== t.group).map((t) => t.group);
    expect(runs).toEqual(order);
    const counts = Object.fromEntries(pages.flatMap((p) => p.groups.map((g) => [g.key, g.count])));
    for (const key of order) expect(counts[key]).toBe(items.filter((t) => t.group === key).length);
    expect(pages[0]!.groupCount).toBe(order.length);
    // Within a group, the longest overdue first, then the earliest due date.
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1]!, items[i]!];
      if (a.group === b.group) expect(a.daysOverdue > b.daysOverdue || (a.daysOverdue === b.daysOverdue && a.dueDate <= b.dueDate)).toBe(true);
    }
    // Groups in the view's order: fixed for kinds and age (oldest first), else the largest first.
    if (groupBy === 'kind') expect(order).toEqual(TASK_KINDS.filter((k) => order.includes(k)));
    else if (groupBy === 'age') expect(order).toEqual([...AGE_BUCKETS].reverse().filter((b) => order.includes(b)));
    else expect(order.map((k) => counts[k])).toEqual(order.map((k) => counts[k]).sort((a, b) => b! - a!));
  });

  it('has the figures a plain count of the record gives, on every page', async () => {
    const expected = await overdueInRecord();
    const count = (key: (t: (typeof expected)[number]) => string | null, value: string) => expected.filter((t) => key(t) === value).length;
    const pages = await walk('limit=40');
    for (const page of pages) {
      expect(page.total).toBe(expected.length);
      expect(page.counts.kind).toEqual(Object.fromEntries(TASK_KINDS.map((k) => [k, count((t) => t.item_type, k)])));
      expect(page.counts.severity).toEqual({ major: count((t) => t.severity, 'major'), minor: count((t) => t.severity, 'minor') });
      expect(page.counts.age).toEqual(Object.fromEntries(AGE_BUCKETS.map((b) => [b, count((t) => ageBucketOf(t.daysOverdue), b)])));
    }
    // Tokyo's tasks due on the 16th are overdue there (the 17th), Berlin's not yet.
    expect(expected.some((t) => t.due_date === '2027-06-16' && t.time_zone === 'Asia/Tokyo')).toBe(true);
    expect(expected.some((t) => t.due_date === '2027-06-16' && t.time_zone !== 'Asia/Tokyo')).toBe(false);
  });

  it('pages a filtered selection the same way', async () => {
    const expected = await overdueInRecord((t) => t.severity === 'minor' && t.department === 'Legal' && t.aims_id === berlinId);
    const pages = await walk(`severity=minor&department=Legal&aimsId=${berlinId}&groupBy=age&limit=2`);
    expect(pages[0]!.total).toBe(expected.length);
    expect(pages.flatMap((p) => p.groups.flatMap((g) => g.items.map((i) => i.id))).sort()).toEqual(expected.map((t) => t.id).sort());
  });

  it('has a default page size and a bounded one', async () => {
    const first = await view('');
    expect(first.page.limit).toBe(100);
    expect(first.groups.flatMap((g) => g.items)).toHaveLength(100);
    expect(first.page.nextCursor).not.toBeNull();
    for (const limit of ['0', '501', 'many']) {
      const refused = await get(`/overdue?limit=${limit}`);
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toMatch(/query\.limit/);
    }
  });

  it('refuses a tampered cursor with 422 naming the field', async () => {
    const cursor = (await view('limit=5')).page.nextCursor!;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = (change: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...decoded, ...change })).toString('base64url');
    for (const bad of [
      'not a cursor',
      `${cursor.slice(0, -3)}`,
      `x${cursor}`,
      forged({ daysLate: 'many' }),
      forged({ id: 'drop table tasks' }),
      forged({ name: 'Owner\u0000' }),
      forged({ dueDate: '2027-02-30' }),
      forged({ extra: 1 }),
      Buffer.from('[1,2,3]').toString('base64url'),
      'A'.repeat(2000),
    ]) {
      const refused = await get(`/overdue?limit=5&cursor=${encodeURIComponent(bad)}`);
      expect(refused.status, bad).toBe(422);
      expect(refused.body.detail).toMatch(/query\.cursor/);
    }
    // A cursor of one grouping read under another would skip or repeat items.
    const other = await get(`/overdue?limit=5&groupBy=age&cursor=${cursor}`);
    expect(other.status).toBe(422);
    expect(other.body.detail).toMatch(/query\.cursor: was made for groupBy=owner/);
    // Untouched, it reads the next page.
    expect((await get(`/overdue?limit=5&cursor=${cursor}`)).status).toBe(200);
  });

  it('exports every task of every page, in the pages\u2019 order', async () => {
    const pages = await walk('groupBy=department&limit=17');
    const fromPages = pages.flatMap((p) => p.groups.flatMap((g) => g.items.map((t) => [g.label, t.id])));
    const csv = await get('/exports/overdue.csv?groupBy=department');
    expect(csv.status).toBe(200);
    const rows = parse(csv.body as string, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(fromPages.length);
    const titles = new Map(pages.flatMap((p) => p.groups.flatMap((g) => g.items.map((t) => [t.id, (t as unknown as { title: string }).title]))));
    expect(rows.map((r) => [r.Group, r.Task])).toEqual(fromPages.map(([group, id]) => [group, titles.get(id!)]));
  });

  it('pages the dashboard the same way: a next-page link until every overdue task was shown', async () => {
    const expected = await overdueInRecord();
    expect(expected.length).toBeGreaterThan(100); // more than a dashboard page
    const session = await webSession(api.url, token);
    const shown: string[] = [];
    let next: string | undefined = '/ui/dashboard?groupBy=age';
    for (let i = 0; next && i < 10; i++) {
      const page = await (await fetch(api.url + next, { headers: { cookie: session.cookie } })).text();
      shown.push(...[...page.matchAll(/class="overdue-item" data-task-id="([^"]+)"/g)].map((m) => m[1]!));
      next = /href="(\/ui\/dashboard\?[^"]*)" rel="next"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
    }
    expect(shown.length).toBe(expected.length);
    expect([...shown].sort()).toEqual(expected.map((t) => t.id).sort());
  });

  it('counts the trend week by week as the record tells it, extensions and closings included', async () => {
    for (const [query, zone] of [
      ['weeks=30', 'Europe/Berlin'],
      [`weeks=12&aimsId=${berlinId}`, 'Europe/Berlin'],
      ['weeks=8&kind=nc_case', 'Europe/Berlin'],
    ] as const) {
      const { status, body } = await get(`/overdue/trend?${query}`);
      expect(status).toBe(200);
      const params = new URLSearchParams(query);
      const expected = await referenceTrend(Number(params.get('weeks')), zone, params.get('aimsId') ?? undefined, params.get('kind') ?? undefined);
      expect(body.points).toEqual(expected);
      expect(expected.some((p) => p.overdue > 0)).toBe(true);
    }
  });

  /** The trend as the record tells it, task by task and day by day (the rule the SQL implements). */
  async function referenceTrend(weeks: number, zone: string, aimsId?: string, kind?: string) {
    let query = postgres.db
      .selectFrom('tasks')
      .innerJoin('aims', 'aims.id', 'tasks.aims_id')
      .select(['tasks.due_date', 'tasks.extensions', 'tasks.status', 'aims.time_zone', 'tasks.created_at', 'tasks.completed_at'])
      .where('tasks.created_at', '<=', NOW);
    if (aimsId) query = query.where('tasks.aims_id', '=', aimsId);
    if (kind) query = query.where('tasks.item_type', '=', kind);
    const rows = await query.execute();
    const end = DateTime.fromJSDate(NOW, { zone }).startOf('day');
    const days = Array.from({ length: weeks }, (_, i) => end.minus({ weeks: weeks - 1 - i }).toISODate()!);
    const local = (at: Date | string, tz: string) =>
      (typeof at === 'string' ? DateTime.fromISO(at, { zone: tz }) : DateTime.fromJSDate(at, { zone: tz })).toISODate()!;
    const overdueOn = (row: (typeof rows)[number], date: string) => {
      if (row.status === 'cancelled' && row.completed_at === null) return false;
      if (local(row.created_at, row.time_zone) > date) return false;
      if (row.completed_at && local(row.completed_at, row.time_zone) <= date) return false;
      const approved = row.extensions.filter((e) => e.status === 'approved' && e.decidedAt).sort((a, b) => a.decidedAt!.localeCompare(b.decidedAt!));
      let due = approved.length > 0 ? approved[0]!.previousDueDate : row.due_date;
      for (const e of approved) if (local(e.decidedAt!, row.time_zone) <= date) due = e.requestedDueDate;
      return due < date;
    };
    return days.map((date) => ({ date, overdue: rows.filter((r) => overdueOn(r, date)).length }));
  }
});
