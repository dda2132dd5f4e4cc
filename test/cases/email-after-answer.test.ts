import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../domain/nc-case';
import { EngineHarness } from '../support/engine-harness';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Positions of an update's completion and of the email activities scheduled around it. */
function order(events: HistoryEvent[], updateName: string) {
  const updateIds = new Map<string, string>();
  events.forEach((e) => {
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted?.acceptedRequest?.input?.name === updateName) updateIds.set(String(accepted.protocolInstanceId), updateName);
  });
  const completedAt = events.findIndex((e) => {
    const done = e.workflowExecutionUpdateCompletedEventAttributes;
    return done && updateIds.has(String(done.meta?.updateId));
  });
  const emailScheduled = events.findIndex(
    (e, i) => i > 0 && e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendTaskEvent' && i > firstAccepted(events, updateIds),
  );
  const emailCompleted = events.findIndex(
    (e, i) => i > emailScheduled && e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() === String(events[emailScheduled]?.eventId),
  );
  return { completedAt, emailScheduled, emailCompleted };
}

function firstAccepted(events: HistoryEvent[], updateIds: Map<string, string>): number {
  return events.findIndex((e) => updateIds.has(String(e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId)));
}

describe('a command answers before its emails are sent', () => {
  let h: EngineHarness;

  beforeAll(async () => {
    h = await EngineHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers containment, then sends the root-cause assignment, once; histories from before the change still wait for it', { timeout: 60_000 }, async () => {
    const pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    const owner = await h.person('Ola', ['action_owner'], { timeZone: 'UTC' });
    const aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    const raised = await h.call('POST', '/cases', pm.token, { aimsId, title: 'Answer first', source: 'other', severity: 'minor', ownerId: owner.id });
    expect(raised.status).toBe(201);
    await h.newEmails();

    const done = await h.call('POST', `/cases/${raised.body.id}/containment`, owner.token, { correction: 'Contained' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('root_cause');
    expect((await h.newEmails()).map((e) => e.subject)).toEqual([expect.stringContaining('Assigned to you: Root-cause analysis')]);

    // The update completes in the workflow task that schedules the email: the answer never
    // waited for the relay.
    await h.waitIdle(caseWorkflowId(raised.body.id));
    const history = await h.env.client.workflow.getHandle(caseWorkflowId(raised.body.id)).fetchHistory();
    const now = order(history.events ?? [], 'submitContainment');
    expect(now.completedAt).toBeGreaterThan(0);
    expect(now.emailScheduled).toBeGreaterThan(0);
    expect(now.completedAt).toBeLessThan(now.emailCompleted);

    // The recorded history from before: the update completed only after the email's activity.
    const recorded = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'histories', 'nc-case-lifecycle.json'), 'utf8')) as {
      events: HistoryEvent[];
    };
    const before = order(recorded.events, 'submitContainment');
    expect(before.emailCompleted).toBeGreaterThan(0);
    expect(before.completedAt).toBeGreaterThan(before.emailCompleted);

    const rows = await h.db.selectFrom('notifications').select(['sent_at', 'claimed_at']).execute();
    expect(rows.length).toBe(h.catcher.messages.length);
    expect(rows.every((r) => r.sent_at !== null && r.claimed_at !== null)).toBe(true);
  });
});
