import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../domain/nc-case';
import { EngineHarness } from '../support/engine-harness';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Local-activity markers between an update's acceptance and its completion. */
function markersOf(events: HistoryEvent[], updateName: string): number {
  const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === updateName);
  const id = String(events[accepted]?.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId);
  const completed = events.findIndex((e, i) => i > accepted && String(e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId) === id);
  expect(accepted).toBeGreaterThan(0);
  expect(completed).toBeGreaterThan(accepted);
  // The markers recorded for the command precede its acceptance event in the workflow task's
  // completion: count those of the task that completed it.
  let start = accepted;
  while (start > 0 && !events[start - 1]!.workflowTaskCompletedEventAttributes) start -= 1;
  return events.slice(start, completed).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
}

/** A weekday about a month ahead (the AIMS has no holidays), as the plan's due date. */
function weekdayInAMonth(): string {
  const day = new Date(Date.now() + 30 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

// Issue #20: a command costs one local activity (the save, which prepares the tasks it opened
// and plans their first emails) and a new case one save; the trail and the tasks still carry
// what the preparation found.
describe('a case command runs one local activity', () => {
  let h: EngineHarness;

  beforeAll(async () => {
    h = await EngineHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('prepares, saves and plans in one activity per command, and the record says what was prepared', { timeout: 90_000 }, async () => {
    const pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    const boss = await h.person('Bea', ['action_owner'], { timeZone: 'UTC' });
    const owner = await h.person('Ola', ['action_owner'], { timeZone: 'UTC', managerId: boss.id });
    const aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    const raised = await h.call('POST', '/cases', pm.token, { aimsId, title: 'One round trip', source: 'other', severity: 'minor', ownerId: owner.id });
    expect(raised.status).toBe(201);
    expect(raised.body.reference).toMatch(/^NC-\d+$/);
    const id = raised.body.id as string;

    const contained = await h.call('POST', `/cases/${id}/containment`, owner.token, { correction: 'Contained' });
    expect(contained.status).toBe(200);
    const planned = await h.call('POST', `/cases/${id}/root-cause`, owner.token, {
      method: 'five_whys',
      causes: ['No checklist'],
      similarExist: false,
      actions: [{ title: 'Add the checklist', ownerId: owner.id, dueDate: weekdayInAMonth() }],
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    expect(planned.body.status).toBe('plan_approval');

    await h.waitIdle(caseWorkflowId(id));
    const events = (await h.env.client.workflow.getHandle(caseWorkflowId(id)).fetchHistory()).events ?? [];
    expect(markersOf(events, 'submitContainment')).toBe(1);
    expect(markersOf(events, 'submitRootCause')).toBe(1);
    // A new case: one save before it is recorded, nothing else.
    const recordedAt = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'caseRecorded');
    expect(events.slice(0, recordedAt).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length).toBe(1);

    // The tasks as the preparation found them: the plan approval is the programme manager's,
    // the root cause escalates to the owner's manager, each with a due date.
    const tasks = await h.db.selectFrom('tasks').select(['id', 'step', 'owner_id', 'due_date', 'status']).where('item_id', '=', id).execute();
    const approval = tasks.find((t) => t.step === 'plan_approval')!;
    expect(approval).toMatchObject({ owner_id: pm.id, status: 'open' });
    expect(approval.due_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(tasks.every((t) => /^\d{4}-\d{2}-\d{2}$/.test(t.due_date) && t.owner_id !== '')).toBe(true);
    const assigned = await h.db
      .selectFrom('audit_trail')
      .select(['entity_id', 'after'])
      .where('entity_type', '=', 'task')
      .where('action', '=', 'assigned')
      .where(
        'entity_id',
        'in',
        tasks.map((t) => t.id),
      )
      .execute();
    expect(assigned).toHaveLength(tasks.length);
    for (const entry of assigned) {
      const task = tasks.find((t) => t.id === entry.entity_id)!;
      expect(entry.after).toMatchObject({ ownerId: task.owner_id, dueDate: task.due_date });
    }
    // The approval's assignment reached the programme manager, with the case's number in it.
    await h.waitIdle(caseWorkflowId(id));
    const emails = await h.newEmails();
    expect(emails.filter((e) => e.to.includes(pm.email) && e.subject.includes(raised.body.reference)).length).toBeGreaterThan(0);
    const state = await h.env.client.workflow
      .getHandle(caseWorkflowId(id))
      .query<{ tasks: Record<string, { ownerManagerId: string | null; step: string }> }>('caseState');
    expect(Object.values(state.tasks).find((t) => t.step === 'containment')?.ownerManagerId).toBe(boss.id);
  });
});
