import type { temporal } from '@temporalio/proto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditWorkflowId } from '../../domain/audit';
import { EngineHarness } from '../support/engine-harness';
import { recordHistory } from '../support/histories';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * Where an update completed, whether the audit email its command asked for was scheduled by the
 * workflow task that answered it (the events a task's completion writes follow its
 * WorkflowTaskCompleted event, up to the next workflow task), and where a send completed.
 */
function shapeOf(events: HistoryEvent[], updateName: string) {
  const acceptedAt = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === updateName);
  const updateId = String(events[acceptedAt]?.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId);
  const completedAt = events.findIndex((e) => String(e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId) === updateId);
  const isWorkflowTaskEvent = (e: HistoryEvent) =>
    Boolean(e.workflowTaskScheduledEventAttributes || e.workflowTaskStartedEventAttributes || e.workflowTaskCompletedEventAttributes);
  const answeringTaskAt = events.slice(0, completedAt).findLastIndex((e) => e.workflowTaskCompletedEventAttributes);
  const sendIds = new Set<string>();
  let scheduledAt = -1;
  events.forEach((e, i) => {
    if (i <= acceptedAt || e.activityTaskScheduledEventAttributes?.activityType?.name !== 'sendAuditEmail') return;
    sendIds.add(String(e.eventId));
    if (scheduledAt < 0) scheduledAt = i;
  });
  // Whichever attempt went through: a retry after attention schedules the activity anew.
  const emailCompletedAt = events.findIndex(
    (e) => e.activityTaskCompletedEventAttributes && sendIds.has(String(e.activityTaskCompletedEventAttributes.scheduledEventId)),
  );
  const scheduledByAnsweringTask =
    answeringTaskAt > 0 &&
    scheduledAt > answeringTaskAt &&
    scheduledAt < completedAt &&
    !events.slice(answeringTaskAt + 1, completedAt).some(isWorkflowTaskEvent);
  return { completedAt, emailCompletedAt, scheduledByAnsweringTask };
}

/**
 * An audit's notice and report go out after the command's answer (patch
 * 'audit-email-after-answer'): the programme manager naming the team is answered with the relay
 * down, and the notice arrives, once, when it is back; a report the record refuses to send (a
 * deterministic failure) waits in attention, and the audit ends only once it went out.
 */
describe('an audit command answers before its email is sent', () => {
  let h: EngineHarness;
  let p: Record<'pm' | 'alice' | 'eve' | 'mo', Awaited<ReturnType<EngineHarness['person']>>>;
  let aimsId: string;
  let auditId: string;
  let workflowId: string;

  const history = async () => (await h.env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const auditRows = (kind: 'notice' | 'report') =>
    h.db.selectFrom('notifications').select(['recipient', 'sent_at']).where('dedupe_key', 'like', `audit:${auditId}|${kind}|%`).execute();
  const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    h = await EngineHarness.start();
    p = {
      pm: await h.person('Pia', ['programme_manager'], { timeZone: 'Europe/Berlin', department: 'Quality' }),
      alice: await h.person('Alice', ['auditor'], { timeZone: 'Europe/Berlin', department: 'Internal Audit' }),
      eve: await h.person('Eve', ['action_owner'], { timeZone: 'Europe/Berlin', department: 'Engineering' }),
      mo: await h.person('Mo', ['management'], { timeZone: 'Europe/Berlin', department: 'Board' }),
    };
    aimsId = (await h.call('POST', '/aims', p.pm.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: p.pm.id }))
      .body.id;
    await h.advanceTo('2027-01-04T08:00:00Z');
    expect((await h.call('POST', `/aims/${aimsId}/programme`, p.pm.token, { cadence: 'quarterly', anchorDate: '2027-03-01' })).status).toBe(201);
    // The first audit opens twenty working days before fieldwork, 09:00 Berlin on 1 February.
    await h.advanceTo('2027-02-01T08:01:00Z');
    const [audit] = (await h.call('GET', `/audits?aimsId=${aimsId}`, p.pm.token)).body.items;
    auditId = audit.id;
    workflowId = auditWorkflowId(aimsId, 0, 0);
    await h.newEmails();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers the team with the relay down, and sends the notice, once, when the relay is back', { timeout: 90_000 }, async () => {
    await h.catcher.stop({ abrupt: true });
    const team = await h.call('POST', `/audits/${auditId}/team`, p.pm.token, { leadAuditorId: p.alice.id, auditeeIds: [p.eve.id] });
    // Answered while no relay listens: the command did not wait for the email.
    expect(team.status).toBe(200);
    expect(team.body.status).toBe('fieldwork');

    // The send meets the relay away and is retried by the activity's policy; nothing went out.
    await waitFor('a retried notice', async () => {
      const { raw } = await h.env.client.workflow.getHandle(workflowId).describe();
      return (raw.pendingActivities ?? []).some((a) => a.activityType?.name === 'sendAuditEmail' && (a.attempt ?? 0) >= 2);
    });
    expect((await auditRows('notice')).filter((r) => r.sent_at !== null)).toEqual([]);

    await h.catcher.start();
    const emails = await h.emailsSentBy(workflowId);
    const notices = emails.filter((e) => e.subject.includes('Internal audit notice'));
    expect(notices.map((e) => e.to).sort()).toEqual(['alice@example.org', 'eve@example.org']);
    // The fieldwork task's assignment, asked for after the notice, followed it.
    const assignment = emails.findIndex((e) => e.subject.includes('Assigned to you: Record the checklist results'));
    expect(assignment).toBeGreaterThan(emails.findIndex((e) => e.subject.includes('Internal audit notice')));
    expect((await auditRows('notice')).map((r) => [r.recipient, r.sent_at !== null]).sort()).toEqual([
      ['alice@example.org', true],
      ['eve@example.org', true],
    ]);

    const shape = shapeOf(await history(), 'assignAuditTeam');
    expect(shape.completedAt).toBeGreaterThan(0);
    expect(shape.scheduledByAnsweringTask).toBe(true);
    expect(shape.emailCompletedAt).toBeGreaterThan(shape.completedAt);
  });

  it('answers the report while the record refuses its email, which waits in attention and goes out once after a retry', { timeout: 90_000 }, async () => {
    await h.advanceTo('2027-03-01T08:00:00Z');
    const scope: string[] = (await h.call('GET', `/audits/${auditId}`, p.pm.token)).body.scope.map((s: { id: string }) => s.id);
    const results = scope.map((itemId) => ({ itemId, result: 'conforming', evidence: `Records for ${itemId} sampled` }));
    expect((await h.call('POST', `/audits/${auditId}/results`, p.alice.token, { results })).status).toBe(200);
    expect((await h.call('POST', `/audits/${auditId}/fieldwork-completion`, p.alice.token, {})).status).toBe(200);
    await h.emailsSentBy(workflowId);

    // A deterministic failure of the send (a check violation, SQLSTATE 23514): no retry mends it.
    await sql`create function refuse_audit_report() returns trigger language plpgsql as $$
      begin
        if new.dedupe_key like 'audit:%|report|%' then
          raise exception 'audit reports are refused for this test' using errcode = '23514';
        end if;
        return new;
      end $$`.execute(h.db);
    await sql`create trigger refuse_audit_report before insert on notifications for each row execute function refuse_audit_report()`.execute(h.db);

    const reported = await h.call('POST', `/audits/${auditId}/report`, p.alice.token, { summary: 'Effective; nothing to raise.' });
    expect(reported.status).toBe(200);
    expect(reported.body.status).toBe('reported');

    const openItems = () => h.db.selectFrom('attention_items').selectAll().where('resolved_at', 'is', null).execute();
    await waitFor('the report in attention', async () => (await openItems()).length === 1);
    const [item] = await openItems();
    expect(item).toMatchObject({ workflow_id: workflowId, item_type: 'audit', item_id: auditId, step: 'send_report', error_type: 'Invalid' });
    expect(item!.error).toMatch(/refused for this test/);
    // The audit waits for its report to go out before it ends.
    expect((await h.env.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    const alerted = await h.newEmails();
    expect(alerted.map((e) => e.subject)).toEqual([expect.stringContaining('Needs attention')]);

    await sql`drop trigger refuse_audit_report on notifications`.execute(h.db);
    expect((await h.call('POST', `/attention/${item!.id}/retry`, p.pm.token)).status).toBe(202);
    await waitFor('the report resolved', async () => (await openItems()).length === 0);
    await h.env.client.workflow.getHandle(workflowId).result();
    const reports = (await h.newEmails()).filter((e) => e.subject.includes('Internal audit report'));
    expect(reports.map((e) => e.to).sort()).toEqual(['mo@example.org', 'pia@example.org']);
    expect((await auditRows('report')).map((r) => [r.recipient, r.sent_at !== null]).sort()).toEqual([
      ['mo@example.org', true],
      ['pia@example.org', true],
    ]);

    const shape = shapeOf(await history(), 'submitReport');
    expect(shape.scheduledByAnsweringTask).toBe(true);
    expect(shape.emailCompletedAt).toBeGreaterThan(shape.completedAt);

    // With RECORD_HISTORIES set: the audit's history of the new shape, for the replay test.
    await recordHistory(h, workflowId, 'internal-audit-email-after-answer');
  });
});
