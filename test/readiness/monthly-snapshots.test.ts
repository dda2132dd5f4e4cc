import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantAt } from '../../calendar/local-time';
import { readinessSnapshotWorkflowId } from '../../domain/readiness';
import { CLAUSES, CONTROLS } from '../../domain/reference/iso42001';
import { reconcileReadinessSnapshots } from '../../main/readiness-snapshots-reconcile';
import { takeReadinessSnapshot } from '../../services/readiness-snapshots';
import { EngineHarness } from '../support/engine-harness';
import { recordHistory } from '../support/histories';
import { seedDocument } from '../support/seed-records';

// Fourteen months under time skipping: each AIMS's readinessSnapshotWorkflow keeps one figure per
// month, taken at 00:00 on the first in the AIMS zone (Europe/Berlin), equal to the readiness the
// API computes from the same tables on that day, while nobody opens the readiness page. A change
// made half an hour before that midnight counts in the month's figure; one made half an hour
// after it does not (it counts the month after).

describe('readiness: a figure on the first of every month, without anybody looking', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let aimsId: string;
  const ZONE = 'Europe/Berlin';
  const items = [...CLAUSES.map((c) => c.id), ...CONTROLS.map((c) => c.id)];
  let used = 0;

  /** An approved, current policy addressing the next item not yet addressed: the record gets better. */
  async function addressNextItem() {
    await seedDocument(
      h.db,
      { aimsId, ownerId: pm.id, approverIds: [pm.id] },
      { status: 'approved', title: `Policy ${used}`, addresses: JSON.stringify([items[used++]]), current_version: 1 },
    );
  }

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-11T09:00:00Z');
    pm = await h.person('Pia', ['programme_manager'], { timeZone: ZONE });
    aimsId = (await h.newAims(pm, { name: 'Acme AIMS', timeZone: ZONE })).id;
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('keeps 14 figures over 14 months, one per month, each the readiness of the tables on the first', async () => {
    const handle = h.env.client.workflow.getHandle(readinessSnapshotWorkflowId(aimsId));
    const firstRun = (await handle.describe()).runId;
    const months: string[] = [];
    for (let m = 0; m < 14; m++) {
      const first = new Date(Date.UTC(2027, 1 + m, 1)).toISOString().slice(0, 10);
      const midnight = instantAt(first, '00:00', ZONE).getTime();
      await h.advanceTo(new Date(midnight - 30 * 60_000).toISOString());
      await addressNextItem(); // before midnight in Berlin: counts in this month's figure
      await h.advanceTo(new Date(midnight + 30 * 60_000).toISOString());
      const live = (await h.call('GET', `/aims/${aimsId}/readiness`, pm.token)).body;
      expect(live.asOf).toBe(first);
      await addressNextItem(); // after midnight: next month's figure
      const row = await h.db
        .selectFrom('readiness_snapshots')
        .selectAll()
        .where('aims_id', '=', aimsId)
        .where('month', '=', first.slice(0, 7))
        .executeTakeFirst();
      expect(row, `the figure of ${first.slice(0, 7)}`).toBeDefined();
      expect({ takenOn: row!.taken_on, overall: row!.overall, counts: row!.counts, groups: row!.groups }).toEqual({
        takenOn: first,
        overall: live.overall,
        counts: live.counts,
        groups: live.groups,
      });
      months.push(first.slice(0, 7));
    }
    const rows = await h.db.selectFrom('readiness_snapshots').select(['month', 'overall']).where('aims_id', '=', aimsId).orderBy('month').execute();
    expect(rows.map((r) => r.month)).toEqual(months);
    expect(months[0]).toBe('2027-02');
    expect(months[13]).toBe('2028-03');
    // The record improved every month (two more items addressed), and so did the figure.
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.overall).toBeGreaterThanOrEqual(rows[i - 1]!.overall);
    expect(rows[13]!.overall).toBeGreaterThan(rows[0]!.overall);
    // The trend the API answers is these figures; a year on, the workflow had continued as new.
    const trend = (await h.call('GET', `/aims/${aimsId}/readiness`, pm.token)).body.trend;
    expect(trend.map((t: { month: string; overall: number }) => [t.month, t.overall])).toEqual(rows.map((r) => [r.month, r.overall]));
    expect((await handle.describe()).runId).not.toBe(firstRun);
    expect(await h.db.selectFrom('attention_items').select('id').execute()).toEqual([]);
    await recordHistory(h, readinessSnapshotWorkflowId(aimsId), 'readiness-snapshots-year', { run: 0 });
  }, 600_000);

  it('keeps the first figure of a month: taking it again, or after the month, changes nothing', async () => {
    const before = await h.db.selectFrom('readiness_snapshots').selectAll().where('aims_id', '=', aimsId).orderBy('month').execute();
    await addressNextItem();
    const march = before.at(-1)!;
    expect(await takeReadinessSnapshot(h.db, aimsId, march.month, instantAt('2028-03-05', '12:00', ZONE))).toEqual({ taken: true });
    // A step that wakes after its month is over (an outage) leaves that month without a figure.
    expect(await takeReadinessSnapshot(h.db, aimsId, '2028-02', instantAt('2028-03-01', '00:10', ZONE))).toEqual({ taken: false });
    expect(await h.db.selectFrom('readiness_snapshots').selectAll().where('aims_id', '=', aimsId).orderBy('month').execute()).toEqual(before);
  });

  it('starts the figures of an AIMS that has none running when a worker starts', async () => {
    const other = await h.db
      .insertInto('aims')
      .values({ name: 'Set up before the figures existed', time_zone: 'UTC', holiday_region: 'DE', programme_manager_id: pm.id, policy: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(h.env.client.workflow.getHandle(readinessSnapshotWorkflowId(other.id)).describe()).rejects.toThrow();
    const options = { taskQueue: h.api.config.temporal.taskQueue, searchAttributes: false };
    expect(await reconcileReadinessSnapshots(h.db, h.env.client.workflow, options)).toBe(2);
    const described = await h.env.client.workflow.getHandle(readinessSnapshotWorkflowId(other.id)).describe();
    expect(described.status.name).toBe('RUNNING');
    // Again: both run already, nothing new is started.
    const runs = [(await h.env.client.workflow.getHandle(readinessSnapshotWorkflowId(aimsId)).describe()).runId, described.runId];
    await reconcileReadinessSnapshots(h.db, h.env.client.workflow, options);
    expect([
      (await h.env.client.workflow.getHandle(readinessSnapshotWorkflowId(aimsId)).describe()).runId,
      (await h.env.client.workflow.getHandle(readinessSnapshotWorkflowId(other.id)).describe()).runId,
    ]).toEqual(runs);
  });
});
