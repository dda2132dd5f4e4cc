import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { compileReviewPack } from '../../services/review-pack';
import { freshPostgres } from '../support/database';
import { newPerson } from '../support/fixtures';

// Two review periods of an AIMS in UTC: review 1 meets on 2027-03-01, review 2 on 2028-03-01.
// Cases, tasks and audits are seeded straight into the record, some opened in one period and
// closed in the next; every number of review 2's pack is checked against a direct SQL count.

describe('the management review pack', () => {
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let db: Db;
  let aimsId: string;
  let review2: string;
  let ownerId: string;

  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;

  beforeAll(async () => {
    pg = await freshPostgres();
    db = pg.db;
    const pm = await newPerson(db, { roles: ['programme_manager'], timeZone: 'UTC' });
    ownerId = (await newPerson(db, { roles: ['action_owner'], timeZone: 'UTC' })).id;
    aimsId = (
      await db
        .insertInto('aims')
        .values({ name: 'AIMS', time_zone: 'UTC', programme_manager_id: pm.id, policy: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('soa_entries')
      .values(
        ['A.2.2', 'A.2.3', 'A.6.2.4'].map((c, i) => ({
          aims_id: aimsId,
          control_id: c,
          applicable: i < 2,
          justification: i < 2 ? '' : 'n/a',
          updated_at: new Date(),
        })),
      )
      .execute();
    const review = async (index: number, date: string) => {
      const id = randomUUID();
      await db
        .insertInto('reviews')
        .values({
          id,
          aims_id: aimsId,
          workflow_id: `r-${id}`,
          review_index: index,
          status: 'closed',
          chair_id: pm.id,
          attendee_ids: [pm.id],
          meeting_date: date,
          meeting_at: new Date(`${date}T10:00:00Z`),
          inputs: '{}',
          decisions: '[]',
          version: 1,
        })
        .execute();
      return id;
    };
    const review1 = await review(0, '2027-03-01');
    review2 = await review(1, '2028-03-01');

    let numbered = 0;
    const nc = async (
      raised: string,
      severity: 'major' | 'minor',
      source: 'incident' | 'internal_audit' | 'complaint',
      closedAt: string | null,
      status = closedAt ? 'closed' : 'implementation',
    ) => {
      const id = randomUUID();
      await db
        .insertInto('nc_cases')
        .values({
          id,
          number: ++numbered,
          aims_id: aimsId,
          workflow_id: `c-${id}`,
          title: 't',
          description: '',
          source,
          severity,
          status: status as 'closed',
          owner_id: ownerId,
          verifier_id: null,
          raised_by: null,
          raised_on: raised,
          clause_ref: null,
          audit_id: null,
          iteration: 1,
          details: '{}',
          closed_at: closedAt ? new Date(closedAt) : null,
          version: 1,
          updated_at: new Date(),
        })
        .execute();
      return id;
    };
    await nc('2026-12-01', 'minor', 'incident', '2027-02-01T12:00:00Z'); // both in period 1
    await nc('2027-01-15', 'major', 'internal_audit', '2027-04-10T12:00:00Z'); // opened in 1, closed in 2
    await nc('2027-02-20', 'minor', 'complaint', null); // opened in 1, still open: ages > 180 days
    await nc('2027-05-05', 'major', 'incident', '2027-06-04T12:00:00Z'); // both in 2
    await nc('2027-09-01', 'minor', 'internal_audit', '2028-01-31T12:00:00Z'); // both in 2
    await nc('2028-01-10', 'minor', 'incident', null); // opened in 2, 51 days old at the end
    const late = await nc('2028-02-20', 'major', 'complaint', null); // opened in 2, 10 days old
    await nc('2027-11-11', 'minor', 'complaint', null, 'cancelled'); // opened in 2, cancelled
    await nc('2028-03-05', 'major', 'incident', null); // after the meeting: period 3

    const task = (itemType: string, itemId: string, step: string, due: string, status: 'open' | 'done', completedAt: string | null) =>
      db
        .insertInto('tasks')
        .values({
          id: randomUUID(),
          aims_id: aimsId,
          workflow_id: 'w',
          item_type: itemType,
          item_id: itemId,
          step,
          title: `${step} ${due}`,
          owner_id: ownerId,
          due_date: due,
          status,
          approval: 'manager',
          extensions: '[]',
          created_at: new Date('2027-01-01'),
          completed_at: completedAt ? new Date(completedAt) : null,
          version: 1,
        })
        .execute();
    await task('nc_case', late, 'containment', '2028-02-27', 'open', null); // overdue at the meeting
    await task('nc_case', late, 'root_cause', '2028-03-20', 'open', null); // not yet due
    await task('nc_case', late, 'x', '2028-02-10', 'done', '2028-02-25T09:00:00Z'); // was overdue, done before the meeting
    await task('nc_case', late, 'y', '2028-02-10', 'done', '2028-03-04T09:00:00Z'); // overdue at the meeting, done after
    await task('management_review', review1, 'decision_action', '2027-06-30', 'done', '2027-06-20T10:00:00Z');
    await task('management_review', review1, 'decision_action', '2027-12-31', 'open', null);

    const audit = async (start: string, results: Record<string, string>) => {
      const id = randomUUID();
      await db
        .insertInto('audits')
        .values({
          id,
          aims_id: aimsId,
          workflow_id: `a-${id}`,
          occurrence_index: 0,
          status: 'reported',
          scope: Object.keys(results),
          fieldwork_start: start,
          fieldwork_end: start,
          lead_auditor_id: null,
          auditee_ids: [],
          report_summary: null,
          reported_at: null,
          version: 1,
        })
        .execute();
      for (const [item, result] of Object.entries(results)) {
        await db
          .insertInto('audit_results')
          .values({ audit_id: id, item_id: item, result: result as 'conforming', evidence: 'e', case_id: null, recorded_by: ownerId, recorded_at: new Date() })
          .execute();
      }
    };
    await audit('2027-01-10', { '4.1': 'conforming' }); // period 1
    await audit('2027-06-01', { '9.2': 'minor_nc', 'A.2.2': 'conforming', 'A.6.2.4': 'conforming' }); // A.6.2.4 not applicable
    await audit('2027-12-01', { '9.2': 'conforming', '5.1': 'observation' });
  });
  afterAll(async () => {
    await pg?.drop();
  });

  it('counts every number from the record for its own period, whatever was opened or closed in the one before', async () => {
    const pack = (await compileReviewPack(db, review2, new Date('2028-06-01T00:00:00Z')))!;
    expect(pack.period).toEqual({ start: '2027-03-01', end: '2028-03-01', asOf: '2028-03-01' });
    const start = '2027-03-01';
    const end = '2028-03-01';

    const opened = await one(
      sql<{ n: number }>`select count(*)::int as n from nc_cases where aims_id = ${aimsId} and raised_on >= ${start} and raised_on < ${end}`,
    );
    expect(pack.nonconformities.opened).toBe(opened.n);
    expect(pack.nonconformities.opened).toBe(5);
    const bySeverity = (
      await sql<{
        severity: string;
        n: number;
      }>`select severity, count(*)::int as n from nc_cases where aims_id = ${aimsId} and raised_on >= ${start} and raised_on < ${end} group by severity`.execute(
        db,
      )
    ).rows;
    expect(pack.nonconformities.openedBySeverity).toEqual(Object.fromEntries(bySeverity.map((r) => [r.severity, r.n])));
    const bySource = (
      await sql<{
        source: string;
        n: number;
      }>`select source, count(*)::int as n from nc_cases where aims_id = ${aimsId} and raised_on >= ${start} and raised_on < ${end} group by source`.execute(db)
    ).rows;
    expect(pack.nonconformities.openedBySource).toEqual(Object.fromEntries(bySource.map((r) => [r.source, r.n])));

    const closed = await one(sql<{ n: number; mean: number; median: number }>`
      select count(*)::int as n, avg(closed_at::date - raised_on)::float8 as mean,
             percentile_cont(0.5) within group (order by closed_at::date - raised_on)::float8 as median
      from nc_cases where aims_id = ${aimsId} and status = 'closed' and closed_at::date >= ${start} and closed_at::date < ${end}`);
    expect(pack.nonconformities.closed).toBe(closed.n);
    expect(pack.nonconformities.closed).toBe(3); // including the one opened in the previous period
    expect(pack.nonconformities.meanDaysToClose).toBeCloseTo(closed.mean, 9);
    expect(pack.nonconformities.medianDaysToClose).toBe(closed.median);

    const open = await one(
      sql<{
        n: number;
      }>`select count(*)::int as n from nc_cases where aims_id = ${aimsId} and raised_on <= ${end} and (status not in ('closed', 'cancelled') or closed_at::date > ${end})`,
    );
    expect(pack.nonconformities.openAtEnd).toBe(open.n);
    const ages = (
      await sql<{ bucket: string; n: number }>`
      select case when ${end}::date - raised_on <= 30 then '0-30' when ${end}::date - raised_on <= 90 then '31-90'
                  when ${end}::date - raised_on <= 180 then '91-180' else '181+' end as bucket, count(*)::int as n
      from nc_cases where aims_id = ${aimsId} and raised_on <= ${end} and (status not in ('closed', 'cancelled') or closed_at::date > ${end})
      group by 1`.execute(db)
    ).rows;
    expect(pack.nonconformities.ageing).toEqual({ '0-30': 0, '31-90': 0, '91-180': 0, '181+': 0, ...Object.fromEntries(ages.map((r) => [r.bucket, r.n])) });

    const overdue = await one(
      sql<{
        n: number;
      }>`select count(*)::int as n from tasks where aims_id = ${aimsId} and item_type = 'nc_case' and due_date < ${end} and status <> 'cancelled' and (status = 'open' or completed_at::date > ${end})`,
    );
    expect(pack.nonconformities.overdueTasks).toBe(overdue.n);
    expect(pack.nonconformities.overdueTasks).toBe(2);

    const actions = await one(
      sql<{
        n: number;
        open: number;
      }>`select count(*)::int as n, count(*) filter (where status = 'open')::int as open from tasks where item_type = 'management_review' and step = 'decision_action'`,
    );
    expect(pack.previousActions).toHaveLength(actions.n);
    expect(pack.previousActions.filter((a) => a.status === 'open')).toHaveLength(actions.open);
    expect(pack.previousActions.filter((a) => a.overdue)).toHaveLength(1);

    const audits = await one(
      sql<{ n: number }>`select count(*)::int as n from audits where aims_id = ${aimsId} and fieldwork_start >= ${start} and fieldwork_start < ${end}`,
    );
    expect(pack.audits).toHaveLength(audits.n);
    const resultCounts = (
      await sql<{
        result: string;
        n: number;
      }>`select r.result, count(*)::int as n from audit_results r join audits a on a.id = r.audit_id where a.aims_id = ${aimsId} and a.fieldwork_start >= ${start} and a.fieldwork_start < ${end} group by r.result`.execute(
        db,
      )
    ).rows;
    const packCounts: Record<string, number> = {};
    for (const a of pack.audits) for (const [k, v] of Object.entries(a.results)) packCounts[k] = (packCounts[k] ?? 0) + v;
    expect(packCounts).toEqual(Object.fromEntries(resultCounts.map((r) => [r.result, r.n])));

    const covered = await one(sql<{ n: number }>`
      select count(distinct r.item_id)::int as n from audit_results r join audits a on a.id = r.audit_id
      where a.aims_id = ${aimsId} and a.fieldwork_start >= ${start} and a.fieldwork_start < ${end}
        and (r.item_id not like 'A.%' or r.item_id in (select control_id from soa_entries where aims_id = ${aimsId} and applicable))`);
    expect(pack.coverage).toEqual({ required: 24 + 2, auditedInPeriod: covered.n });
    expect(pack.inputs.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
