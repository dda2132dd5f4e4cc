import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../domain/nc-case';
import { EngineHarness, type Email } from '../support/engine-harness';
import { webSession } from '../support/web-session';

/**
 * A task's reminder loop that meets a failure it cannot get past (its AIMS's holiday region
 * corrupted behind the engine's back) records the task as needing attention, tells the
 * programme manager once, and waits, while other items' timers go on; after the fix an
 * operator's retry resumes it and resolves the item.
 */
describe('work a workflow cannot get past needs attention', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let management: typeof pm;
  let ownerA: typeof pm;
  let ownerB: typeof pm;
  let aimsA: string;
  let caseA: { id: string; tasks: { id: string; dueDate: string }[] };
  let caseB: typeof caseA;
  let attentionId: string;

  const reminders = (emails: Email[], to: string) => emails.filter((e) => e.to === to && /Reminder/.test(e.subject));
  const alerts = (emails: Email[]) => emails.filter((e) => e.to === pm.email && /Needs attention/.test(e.subject));
  const openItems = () => h.db.selectFrom('attention_items').selectAll().where('resolved_at', 'is', null).execute();
  /** 09:00 Paris on a date (winter: 08:00 UTC), a little after. */
  const nineInParis = (date: string) => `${date}T08:00:30Z`;

  beforeAll(async () => {
    // The test corrupts and mends the AIMS row behind the API's back, so no process may keep it in memory.
    h = await EngineHarness.start({ env: { AIMS_SETTINGS_CACHE_SECONDS: '0' } });
    pm = await h.person('Petra', ['programme_manager'], { timeZone: 'Europe/Paris' });
    management = await h.person('Marta', ['management'], { timeZone: 'Europe/Paris' });
    ownerA = await h.person('Anna', ['action_owner'], { timeZone: 'Europe/Paris' });
    ownerB = await h.person('Bruno', ['action_owner'], { timeZone: 'Europe/Paris' });
    aimsA = (await h.call('POST', '/aims', pm.token, { name: 'AIMS A', timeZone: 'Europe/Paris', holidayRegion: 'FR', programmeManagerId: pm.id })).body.id;
    const aimsB = (await h.call('POST', '/aims', pm.token, { name: 'AIMS B', timeZone: 'Europe/Paris', holidayRegion: 'FR', programmeManagerId: pm.id })).body
      .id;
    const raise = async (aimsId: string, ownerId: string, title: string) => {
      const response = await h.call('POST', '/cases', pm.token, { aimsId, title, source: 'monitoring', severity: 'minor', ownerId });
      expect(response.status).toBe(201);
      return response.body;
    };
    caseA = await raise(aimsA, ownerA.id, 'Bias test skipped');
    caseB = await raise(aimsB, ownerB.id, 'Log retention unclear');
    await h.newEmails();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('records the task, emails the programme manager once, keeps the workflow running, and lets other items remind', async () => {
    const dueA = caseA.tasks[0]!.dueDate;
    expect(caseB.tasks[0]!.dueDate).toBe(dueA);
    // Corrupted behind the engine's back: no API accepts this region.
    await h.db.updateTable('aims').set({ holiday_region: 'ZZ-NOWHERE' }).where('id', '=', aimsA).execute();

    // The first reminders were planned before; both go out. Then A's next one cannot be planned.
    const first = await firstReminderDate();
    await h.advanceTo(nineInParis(first));
    let emails = await h.newEmails();
    expect(reminders(emails, ownerA.email)).toHaveLength(1);
    expect(reminders(emails, ownerB.email)).toHaveLength(1);
    await waitFor(async () => (await openItems()).length === 1);
    emails.push(...(await h.newEmails()));
    const [item] = await openItems();
    attentionId = item!.id;
    expect(item).toMatchObject({
      workflow_id: caseWorkflowId(caseA.id),
      aims_id: aimsA,
      item_type: 'task',
      item_id: caseA.tasks[0]!.id,
      step: 'plan_notifications',
      error_type: 'Invalid',
    });
    expect(item!.error).toMatch(/ZZ-NOWHERE/);
    expect(item!.item_label).toMatch(/NC-\d+: Containment/);
    const alert = alerts(emails);
    expect(alert).toHaveLength(1);
    expect(alert[0]!.text).toContain(`/attention/${attentionId}/retry`);
    expect(alert[0]!.text).toMatch(/ZZ-NOWHERE/);

    // The workflow did not fail, and it still takes commands on its other steps.
    const description = await h.env.client.workflow.getHandle(caseWorkflowId(caseA.id)).describe();
    expect(description.status.name).toBe('RUNNING');

    // B's next reminder (1 working day before) still fires; A's does not.
    const next = await secondReminderDate();
    await h.advanceTo(nineInParis(next));
    emails = await h.newEmails();
    expect(reminders(emails, ownerB.email)).toHaveLength(1);
    expect(reminders(emails, ownerA.email)).toHaveLength(0);
    expect(alerts(emails)).toHaveLength(0);
  });

  it('shows the item to programme managers and management, and counts it in /readyz without its detail, ready all the same', async () => {
    const listed = await h.call('GET', '/attention', management.token);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([attentionId]);
    expect(listed.body.items[0]).toMatchObject({ aimsName: 'AIMS A', step: 'plan_notifications', resolvedAt: null });
    expect((await h.call('GET', '/attention', ownerA.token)).status).toBe(403);
    const ready = await fetch(`${h.api.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { attention: { open: number; items: unknown[] } };
    expect(body.attention.open).toBe(1);
    // Counted, not detailed: /readyz is public, and the item belongs to an organisation (GET /attention shows it to its members).
    expect(body.attention.items).toEqual([]);
    expect(JSON.stringify(body)).not.toMatch(/ZZ-NOWHERE/);
    // Management's dashboard lists it first, with its reason.
    const dashboard = await dashboardHtml();
    expect(dashboard).toContain(`data-attention-id="${attentionId}"`);
    expect(dashboard).toMatch(/Needs attention/);
    expect(dashboard).toMatch(/ZZ-NOWHERE/);
  });

  it('refuses a retry by an action owner, and keeps the item open (one email) when a retry fails again', async () => {
    expect((await h.call('POST', `/attention/${attentionId}/retry`, ownerA.token)).status).toBe(403);
    const retried = await h.call('POST', `/attention/${attentionId}/retry`, pm.token);
    expect(retried.status).toBe(202);
    await waitFor(async () => (await openItems())[0]?.retry_requested_at === null);
    const items = await openItems();
    expect(items.map((i) => i.id)).toEqual([attentionId]);
    expect(items[0]!.last_seen_at.getTime()).toBeGreaterThan(items[0]!.first_seen_at.getTime());
    expect(alerts(await h.newEmails())).toHaveLength(0);
  });

  it('after the fix, a retry resumes the loop: the reminder goes out and the item is resolved', async () => {
    await h.db.updateTable('aims').set({ holiday_region: 'FR' }).where('id', '=', aimsA).execute();
    const retried = await h.call('POST', `/attention/${attentionId}/retry`, pm.token);
    expect(retried.status).toBe(202);
    await waitFor(async () => (await openItems()).length === 0);
    const emails = await h.newEmails();
    // The reminder A missed (1 working day before, planned for a moment that has passed) goes out now.
    expect(reminders(emails, ownerA.email)).toHaveLength(1);
    expect(alerts(emails)).toHaveLength(0);
    const row = await h.db.selectFrom('attention_items').selectAll().where('id', '=', attentionId).executeTakeFirstOrThrow();
    expect(row.resolved_at).not.toBeNull();
    expect((await h.call('GET', '/attention', pm.token)).body.items).toEqual([]);
    expect(((await (await fetch(`${h.api.url}/readyz`)).json()) as { attention: unknown }).attention).toEqual({ open: 0, items: [] });
    expect(await dashboardHtml()).not.toContain('data-attention-id');
    // A resolved item takes no more retries.
    expect((await h.call('POST', `/attention/${attentionId}/retry`, pm.token)).status).toBe(409);
  });

  /** The reminder dates of the containment step, from the planner's own rule (5 and 1 working days before, FR holidays). */
  async function firstReminderDate(): Promise<string> {
    return reminderDate(5);
  }
  async function secondReminderDate(): Promise<string> {
    return reminderDate(1);
  }
  async function reminderDate(days: number): Promise<string> {
    const { WorkingCalendar } = await import('../../calendar/working-calendar');
    const calendar = new WorkingCalendar({ timeZone: 'Europe/Paris', holidayRegion: 'FR', closedDays: [] });
    return calendar.addWorkingDays(caseA.tasks[0]!.dueDate, -days);
  }

  async function dashboardHtml(): Promise<string> {
    const response = await fetch(`${h.api.url}/ui/dashboard`, { headers: { cookie: (await webSession(h.api.url, management.token)).cookie } });
    expect(response.status).toBe(200);
    return response.text();
  }

  async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
});
