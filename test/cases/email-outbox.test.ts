import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmailOutboxSender } from '../../activities/outbox/email-outbox-sender';
import { TASK_EVENT_EMAIL } from '../../activities/tasks/task-event-emails';
import { taskEventKey, type TaskEventInput } from '../../activities/tasks/send-task-notification.activity';
import { systemClock } from '../../domain/clock';
import { caseWorkflowId } from '../../domain/nc-case';
import { createMailer } from '../../mail/mailer';
import { EngineHarness } from '../support/engine-harness';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const emailActivities = (events: HistoryEvent[]) => events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendTaskEvent').length;

/** Where the update completed, and the email activity scheduled after it was accepted, in a recorded history. */
function recordedOrder(events: HistoryEvent[], updateName: string) {
  const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === updateName);
  const updateId = String(events[accepted]?.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId);
  const completedAt = events.findIndex(
    (e) => e.workflowExecutionUpdateCompletedEventAttributes && String(e.workflowExecutionUpdateCompletedEventAttributes.meta?.updateId) === updateId,
  );
  const emailScheduled = events.findIndex((e, i) => i > accepted && e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendTaskEvent');
  const emailCompleted = events.findIndex(
    (e, i) => i > emailScheduled && e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() === String(events[emailScheduled]?.eventId),
  );
  return { completedAt, emailCompleted };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the emails a command asks for go through the outbox', () => {
  let h: EngineHarness;
  let setting: { aimsId: string; pm: { id: string; token: string }; owner: { id: string; token: string } };

  beforeAll(async () => {
    h = await EngineHarness.start();
    const pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    const owner = await h.person('Ola', ['action_owner'], { timeZone: 'UTC' });
    const aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    setting = { aimsId, pm, owner };
  });
  afterAll(async () => {
    await h?.stop();
  });

  const raiseCase = async (title: string) => {
    const raised = await h.call('POST', '/cases', setting.pm.token, {
      aimsId: setting.aimsId,
      title,
      source: 'other',
      severity: 'minor',
      ownerId: setting.owner.id,
    });
    expect(raised.status).toBe(201);
    return raised.body.id as string;
  };
  const outbox = () => h.db.selectFrom('email_outbox').selectAll().execute();

  it('queues the assignment with the save and sends it once, with no email activity; histories from before awaited it', { timeout: 60_000 }, async () => {
    const caseId = await raiseCase('Answer first');
    const raisedEmails = await h.newEmails();
    // The new case's number reached its first email, though the save that gave it also queued it.
    const number = (await h.db.selectFrom('nc_cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow()).number;
    expect(raisedEmails.map((e) => e.subject)).toEqual([expect.stringContaining('Assigned to you: Containment')]);
    expect(raisedEmails[0]!.text).toContain(`NC-${number}`);

    const done = await h.call('POST', `/cases/${caseId}/containment`, setting.owner.token, { correction: 'Contained' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('root_cause');
    expect((await h.newEmails()).map((e) => e.subject)).toEqual([expect.stringContaining('Assigned to you: Root-cause analysis')]);
    expect(await outbox()).toEqual([]);

    await h.waitIdle(caseWorkflowId(caseId));
    const history = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    expect(emailActivities(history.events ?? [])).toBe(0);

    // The recorded history from before the outbox: the update completed only after the email's activity.
    const recorded = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'histories', 'nc-case-lifecycle.json'), 'utf8')) as {
      events: HistoryEvent[];
    };
    const before = recordedOrder(recorded.events, 'submitContainment');
    expect(before.emailCompleted).toBeGreaterThan(0);
    expect(before.completedAt).toBeGreaterThan(before.emailCompleted);

    const rows = await h.db.selectFrom('notifications').select(['sent_at']).execute();
    expect(rows.length).toBe(h.catcher.messages.length);
    expect(rows.every((r) => r.sent_at !== null)).toBe(true);
  });

  it('answers while the relay is away; the email waits in the outbox and goes out once when the relay is back', { timeout: 90_000 }, async () => {
    const caseId = await raiseCase('Relay away');
    await h.newEmails();
    await h.catcher.stop({ abrupt: true });
    const done = await h.call('POST', `/cases/${caseId}/containment`, setting.owner.token, { correction: 'Contained' });
    expect(done.status).toBe(200);
    await waitFor('a failed attempt on record', async () => (await outbox()).some((r) => r.attempts > 0 && r.last_error !== null));
    expect(await h.db.selectFrom('attention_items').selectAll().execute()).toEqual([]);
    await h.catcher.start();
    await waitFor('the outbox emptied', async () => (await outbox()).length === 0, 30_000);
    expect((await h.newEmails()).map((e) => e.subject)).toEqual([expect.stringContaining('Assigned to you: Root-cause analysis')]);
  });

  it('holds an email that no retry mends in attention until an operator retries it after the fix', { timeout: 60_000 }, async () => {
    const caseId = await raiseCase('Refused');
    await h.newEmails();
    const task = await h.db.selectFrom('tasks').selectAll().where('item_id', '=', caseId).where('status', '=', 'open').executeTakeFirstOrThrow();
    // A recipient id the database refuses (not a uuid): the same on every attempt.
    const payload = {
      kind: 'closure',
      recipientIds: ['not-a-uuid'],
      eventKey: 'refused',
      at: new Date().toISOString(),
      itemTitle: 'Refused',
      itemPath: `/cases/${caseId}`,
    };
    const stored = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).query<{ tasks: Record<string, TaskEventInput['task']> }>('caseState');
    const email = { ...payload, task: stored.tasks[task.id]! } as TaskEventInput;
    await enqueue({ key: 'test|refused', payload: email });
    const openItems = () => h.db.selectFrom('attention_items').selectAll().where('resolved_at', 'is', null).execute();
    await waitFor('the email in attention', async () => (await openItems()).length === 1);
    const [item] = await openItems();
    expect(item).toMatchObject({ item_type: 'task', item_id: task.id, step: 'send_closure', error_type: 'Invalid' });
    expect((await h.newEmails()).map((e) => e.subject)).toEqual([expect.stringContaining('Needs attention')]);

    // The fix: the recipient is the owner after all. The retry makes it due at once.
    await h.db
      .updateTable('email_outbox')
      .set({ payload: JSON.stringify({ ...email, recipientIds: [setting.owner.id] }) })
      .where('key', '=', 'test|refused')
      .execute();
    expect((await h.call('POST', `/attention/${item!.id}/retry`, setting.pm.token)).status).toBe(202);
    await waitFor('the item resolved', async () => (await openItems()).length === 0);
    expect(await outbox()).toEqual([]);
    expect((await h.newEmails()).map((e) => e.to)).toEqual([`ola@example.org`]);
  });

  /** An outbox row for the open task of a new case, as a save would have queued it. */
  const queuedFor = async (title: string, eventKey: string) => {
    const caseId = await raiseCase(title);
    await h.newEmails();
    const task = await h.db.selectFrom('tasks').select('id').where('item_id', '=', caseId).where('status', '=', 'open').executeTakeFirstOrThrow();
    const stored = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).query<{ tasks: Record<string, TaskEventInput['task']> }>('caseState');
    const payload: TaskEventInput = {
      task: stored.tasks[task.id]!,
      kind: 'reassigned',
      recipientIds: [setting.owner.id],
      eventKey,
      at: new Date().toISOString(),
      itemTitle: title,
      itemPath: `/cases/${caseId}`,
    };
    return { payload, key: taskEventKey(payload) };
  };
  /** Puts a row in the outbox as a save (or a sender that died holding it until `claimedUntil`) left it. */
  const enqueue = (row: { key: string; payload: TaskEventInput; claimedUntil?: Date }) =>
    h.db
      .insertInto('email_outbox')
      .values({
        key: row.key,
        aims_id: setting.aimsId,
        item: row.payload.task.workflowId,
        kind: TASK_EVENT_EMAIL,
        payload: JSON.stringify(row.payload),
        claimed_until: row.claimedUntil ?? null,
      })
      .execute();

  it('leaves an email a dead sender held until its hold runs out, then sends it once', { timeout: 60_000 }, async () => {
    const { payload, key } = await queuedFor('Held', 'held');
    const holdUntil = new Date(Date.now() + 3_000);
    await enqueue({ key, payload, claimedUntil: holdUntil });
    await h.settle();
    expect(await h.newEmails()).toEqual([]);
    await waitFor('the outbox emptied', async () => (await outbox()).length === 0);
    expect(Date.now()).toBeGreaterThanOrEqual(holdUntil.getTime());
    expect((await h.newEmails()).map((e) => e.to)).toEqual(['ola@example.org']);
  });

  it('sends nothing again for a row whose email went out before its sender died', { timeout: 60_000 }, async () => {
    const { payload, key } = await queuedFor('Sent before', 'sent-before');
    // Delivered once, as the sender that died would have: its row stayed behind.
    await enqueue({ key, payload, claimedUntil: new Date(0) });
    await waitFor('the outbox emptied', async () => (await outbox()).length === 0);
    expect((await h.newEmails()).map((e) => e.to)).toEqual(['ola@example.org']);
    await enqueue({ key, payload });
    await waitFor('the outbox emptied', async () => (await outbox()).length === 0);
    expect(await h.newEmails()).toEqual([]);
  });

  it('sends each email once when two senders share the outbox', { timeout: 60_000 }, async () => {
    const caseId = await raiseCase('Two senders');
    await h.newEmails();
    const task = await h.db.selectFrom('tasks').selectAll().where('item_id', '=', caseId).where('status', '=', 'open').executeTakeFirstOrThrow();
    const stored = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).query<{ tasks: Record<string, TaskEventInput['task']> }>('caseState');
    const second = createMailer(
      { kind: 'capture', port: h.catcher.port, dir: '', from: 'AIMS <aims@example.org>' },
      { smtpUser: undefined, smtpPassword: undefined },
    );
    const other = startEmailOutboxSender({ db: h.db, mailer: second, clock: systemClock, publicBaseUrl: 'http://aims.test', log: { warn: () => undefined } });
    try {
      const emails = Array.from({ length: 20 }, (_, i) => {
        const payload: TaskEventInput = {
          task: stored.tasks[task.id]!,
          kind: 'extension_decided',
          recipientIds: [setting.owner.id],
          eventKey: `race-${i}`,
          extension: { requestedDueDate: '2030-01-01', reason: 'race', approved: true, comment: '' },
          at: new Date().toISOString(),
          itemTitle: 'Two senders',
          itemPath: `/cases/${caseId}`,
        };
        return { key: `race|${i}`, aims_id: setting.aimsId, item: `race-${i % 5}`, kind: TASK_EVENT_EMAIL, payload: JSON.stringify(payload) };
      });
      await h.db.insertInto('email_outbox').values(emails).execute();
      other.wake();
      await waitFor('the outbox emptied', async () => (await outbox()).length === 0);
      await h.settle();
      const arrived = await h.newEmails();
      expect(arrived).toHaveLength(20);
      expect(new Set(arrived.map((e) => e.parsed.messageId)).size).toBe(20);
      const sent = await sql<{ n: string }>`select count(*) as n from notifications where dedupe_key like ${'%race-%'} and sent_at is not null`.execute(h.db);
      expect(Number(sent.rows[0]!.n)).toBe(20);
    } finally {
      await other.stop();
      second.close();
    }
  });
});
