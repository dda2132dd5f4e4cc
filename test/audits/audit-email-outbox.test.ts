import type { temporal } from '@temporalio/proto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditWorkflowId } from '../../domain/audit';
import { EngineHarness } from '../support/engine-harness';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const auditEmailActivities = (events: HistoryEvent[]) =>
  events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendAuditEmail').length;

/**
 * An audit's notice and report go with the save of the command that asks for them (patch
 * 'email-outbox') and the outbox sender delivers them: the programme manager naming the team is
 * answered with the relay down, and the notice arrives, once, when it is back; a report the
 * record refuses to send (a deterministic failure) waits in attention while the audit ends, and
 * goes out once after the operator's retry. (Histories from before, where a send activity did
 * this, replay from test/fixtures/histories/internal-audit-email-after-answer.json.)
 */
describe('an audit command answers before its email is sent, through the outbox', () => {
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

    // The send meets the relay away and waits in the outbox to be tried again; nothing went out.
    const queued = () => h.db.selectFrom('email_outbox').selectAll().where('key', 'like', `audit:${auditId}|%`).execute();
    await waitFor('a retried notice', async () => (await queued()).some((r) => r.attempts >= 2));
    expect((await auditRows('notice')).filter((r) => r.sent_at !== null)).toEqual([]);

    await h.catcher.start();
    await waitFor('the notice sent', async () => (await queued()).length === 0, 60_000);
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
    expect(auditEmailActivities(await history())).toBe(0);
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
    // The audit ended: the report waits in the outbox, not in the workflow.
    await h.env.client.workflow.getHandle(workflowId).result();
    const alerted = await h.newEmails();
    expect(alerted.map((e) => e.subject)).toEqual([expect.stringContaining('Needs attention')]);

    await sql`drop trigger refuse_audit_report on notifications`.execute(h.db);
    expect((await h.call('POST', `/attention/${item!.id}/retry`, p.pm.token)).status).toBe(202);
    await waitFor('the report resolved', async () => (await openItems()).length === 0);
    const reports = (await h.newEmails()).filter((e) => e.subject.includes('Internal audit report'));
    expect(reports.map((e) => e.to).sort()).toEqual(['mo@example.org', 'pia@example.org']);
    expect((await auditRows('report')).map((r) => [r.recipient, r.sent_at !== null]).sort()).toEqual([
      ['mo@example.org', true],
      ['pia@example.org', true],
    ]);

    expect(auditEmailActivities(await history())).toBe(0);
  });
});
