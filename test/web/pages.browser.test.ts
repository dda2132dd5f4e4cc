import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// A manager and an action owner use the web pages in a real (headless) Chromium against the
// whole engine: PostgreSQL, the time-skipping Temporal server with the product worker, the API.
describe('the web pages in a real browser', () => {
  let h: EngineHarness;
  let browser: Browser;
  let pam: Awaited<ReturnType<EngineHarness['person']>>;
  let max: typeof pam;
  let ann: typeof pam;
  let bob: typeof pam;
  const cases: Record<string, string> = {};
  let aimsId: string;

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    pam = await h.person('Pam', ['programme_manager']);
    max = await h.person('Max', ['management'], { timeZone: 'Europe/Berlin' });
    ann = await h.person('Ann', ['action_owner'], { department: 'Data Science' });
    bob = await h.person('Bob', ['action_owner'], { department: 'Legal' });
    aimsId = (await h.call('POST', '/aims', pam.token, { name: 'AIMS Berlin', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pam.id }))
      .body.id;
    await h.advanceTo('2027-09-06T06:00:00Z');
    for (const [title, severity, ownerId] of [
      ['Model drift unmonitored', 'major', ann.id],
      ['Privacy notice <outdated>', 'minor', bob.id],
    ] as const) {
      const raised = await h.call('POST', '/cases', pam.token, { aimsId, title, severity, source: 'incident', ownerId });
      expect(raised.status).toBe(201);
      cases[title] = raised.body.reference;
    }
    await h.advanceTo('2027-09-22T10:00:00Z'); // both containment steps overdue (9 and 2 days)
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('shows management the overdue dashboard: figures, chart, every overdue item with its owner', async () => {
    const page = await signIn(browser, h.api.url, max.token);
    expect(new URL(page.url()).pathname).toBe('/ui/dashboard');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Overdue dashboard');
    expect(await page.locator('#total-overdue strong').textContent()).toBe('2');
    const rows = page.locator('tr.overdue-item');
    expect(await rows.count()).toBe(2);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Ann');
    expect(text).toContain('Data Science');
    expect(text).toContain(cases['Model drift unmonitored']);
    // The chart's last bar is today's count; the one a week earlier had only Ann's step.
    const bars = page.locator('#overdue-trend g.bar');
    expect(await bars.count()).toBe(12);
    expect(await bars.last().getAttribute('data-overdue')).toBe('2');
    expect(await bars.nth(10).getAttribute('data-overdue')).toBe('1');
    expect(await page.getByRole('img', { name: 'Overdue items over time' }).count()).toBe(1);
    // Every form control is labelled.
    const unlabelled = await page.$$eval(
      'main select, main input, main textarea',
      (els) => els.filter((el) => ((el as unknown as { labels?: ArrayLike<unknown> }).labels?.length ?? 0) === 0).length,
    );
    expect(unlabelled).toBe(0);
    // Filtering by severity through the form, with the keyboard.
    await page.getByLabel('Severity').selectOption('major');
    await page.getByLabel('Group by').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/severity=major/);
    expect(await page.locator('tr.overdue-item').count()).toBe(1);
    await page.goto(`${h.api.url}/ui/dashboard`);
    console.log(`screenshot: ${await screenshot(page, 'dashboard')}`);
    // From an owner's name to their inbox.
    await page.getByRole('link', { name: 'Bob', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Tasks of Bob');
  });

  it('lets an action owner submit a step from the inbox, and shows the next one', async () => {
    const page = await signIn(browser, h.api.url, ann.token);
    expect(new URL(page.url()).pathname).toBe('/ui/inbox');
    const task = page.locator('article.task').first();
    expect(await task.innerText()).toMatch(/overdue by 9 days 2027-09-13/);
    // An empty submission is refused on the page, nothing changes.
    await task.getByLabel('Correction and containment done').fill('   ');
    await task.getByRole('button', { name: 'Submit containment' }).click();
    expect(await page.getByRole('alert').innerText()).toMatch(/correction: must not be empty/);
    await page.locator('article.task').first().getByLabel('Correction and containment done').fill('Drift alerts switched on; retrained on fresh data');
    await page.locator('article.task').first().getByRole('button', { name: 'Submit containment' }).click();
    await page.waitForURL(/done=/);
    expect(await page.getByRole('status').innerText()).toContain('Submitted: Containment and correction');
    expect(await page.locator('article.task h2').allInnerTexts()).toEqual([`[${cases['Model drift unmonitored']}] Root-cause analysis and action plan`]);
    const detail = await h.call('GET', `/cases?ownerId=${ann.id}`, pam.token);
    expect(detail.body.items[0].status).toBe('root_cause');
    console.log(`screenshot: ${await screenshot(page, 'inbox')}`);

    // The next step, root cause and action plan, has a form of its own.
    const rootCause = page.locator('article.task').first();
    await rootCause.getByLabel('Method').selectOption('five_whys');
    await rootCause.getByLabel('Causes (one per line)').fill('No drift monitor\nNo owner for retraining');
    await rootCause.getByRole('group', { name: 'Do similar nonconformities exist' }).getByLabel('No').check();
    const action1 = rootCause.getByRole('group', { name: 'Action 1' });
    await action1.getByLabel('What will be done').fill('Add a drift monitor with alerting');
    await action1.getByLabel('Owner').selectOption({ label: 'Ann' });
    await action1.getByLabel('Due date').fill('2027-10-15');
    await rootCause.getByRole('button', { name: 'Submit root cause and plan' }).click();
    await page.waitForURL(/done=/);
    expect(await page.locator('article.task').count()).toBe(0);
    const planned = (await h.call('GET', `/cases/${detail.body.items[0].id}`, pam.token)).body;
    expect(planned.status).toBe('plan_approval');
    expect(planned.details).toMatchObject({
      rootCauses: [{ method: 'five_whys', causes: ['No drift monitor', 'No owner for retraining'], similarExist: false }],
    });
  });

  it("shows neither the dashboard nor others' inboxes to a person without the role", async () => {
    const page = await signIn(browser, h.api.url, bob.token);
    expect(await page.getByRole('link', { name: 'Overdue dashboard' }).count()).toBe(0);
    const dashboard = await page.goto(`${h.api.url}/ui/dashboard`);
    expect(dashboard!.status()).toBe(403);
    expect(await page.locator('tr.overdue-item').count()).toBe(0);
    const others = await page.goto(`${h.api.url}/ui/inbox?personId=${ann.id}`);
    expect(others!.status()).toBe(403);
    expect(await page.locator('main').innerText()).not.toContain('Root-cause');
    // A programme manager may look at Bob's inbox.
    const pamPage = await signIn(browser, h.api.url, pam.token);
    await pamPage.goto(`${h.api.url}/ui/inbox?personId=${bob.id}`);
    expect(await pamPage.getByRole('heading', { level: 1 }).innerText()).toBe('Tasks of Bob');
    const api = await fetch(`${h.api.url}/ui/dashboard`, { redirect: 'manual' });
    expect([api.status, api.headers.get('location')]).toEqual([303, '/ui/sign-in?next=%2Fui%2Fdashboard']);
  });

  it("shows the audit programme's calendar month by month", async () => {
    const started = await h.call('POST', `/aims/${aimsId}/programme`, pam.token, { cadence: 'quarterly', anchorDate: '2027-12-01' });
    expect(started.status).toBe(201);
    const page = await signIn(browser, h.api.url, ann.token);
    await page.goto(`${h.api.url}/ui/calendar`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Audit calendar: AIMS Berlin');
    const months = await page.locator('section.calendar-month h2').allInnerTexts();
    expect(months.slice(0, 2)).toEqual(['December 2027', 'March 2028']);
    expect(await page.locator('section.calendar-month').first().innerText()).toMatch(/from 2027-12-01\s+Internal audit, occurrence 1\s+planned audit/);
    expect(existsSync(await screenshot(page, 'calendar'))).toBe(true);
    expect(await page.getByRole('heading', { name: /^Audit programme/ }).count()).toBe(0); // only for programme managers

    // The programme manager moves and skips coming occurrences from the same page.
    const pamPage = await signIn(browser, h.api.url, pam.token);
    await pamPage.goto(`${h.api.url}/ui/calendar`);
    const first = pamPage.locator('tr.occurrence').first();
    await first.locator('summary').click();
    await first.getByLabel('New fieldwork start').fill('2027-09-01'); // in the past: refused, shown on the page
    await first.getByLabel('Reason', { exact: true }).fill('Auditors busy with the certification audit');
    await first.getByRole('button', { name: 'Move' }).click();
    expect(await pamPage.getByRole('alert').innerText()).toMatch(/fieldworkStart/);
    const again = pamPage.locator('tr.occurrence').first();
    await again.locator('summary').click();
    await again.getByLabel('New fieldwork start').fill('2027-12-08');
    await again.getByLabel('Reason', { exact: true }).fill('Auditors busy with the certification audit');
    await again.getByRole('button', { name: 'Move' }).click();
    await pamPage.waitForURL(/done=move/);
    expect(await pamPage.getByRole('status').innerText()).toBe('The occurrence is moved.');
    const second = pamPage.locator('tr.occurrence').nth(1);
    await second.locator('summary').click();
    await second.getByLabel('Reason for skipping').fill('Company shutdown in March');
    await second.getByRole('button', { name: 'Skip' }).click();
    await pamPage.waitForURL(/done=skip/);
    const programme = (await h.call('GET', `/aims/${aimsId}/programme`, pam.token)).body;
    expect(programme.upcoming.slice(0, 2).map((o: { fieldworkStart: string; status: string }) => [o.fieldworkStart, o.status])).toEqual([
      ['2027-12-08', 'moved'],
      ['2028-03-01', 'skipped'],
    ]);
    expect(await pamPage.locator('tr.occurrence').nth(1).innerText()).toContain('skipped: Company shutdown in March');
  });

  it('makes a private calendar link from a page, shows it once, and revokes it', async () => {
    const page = await signIn(browser, h.api.url, ann.token);
    await page.getByRole('link', { name: 'Calendar feeds' }).click();
    expect(await page.getByText('You have no active calendar link.').count()).toBe(1);
    await page.getByRole('button', { name: 'Make my calendar links' }).click();
    const link = await page.getByLabel('My due dates').inputValue();
    // Links carry the public address; fetch them from the engine under test.
    const local = (url: string) => h.api.url + new URL(url).pathname;
    const feed = await fetch(local(link));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    await page.goto(`${h.api.url}/ui/feeds`);
    expect(await page.locator('input.feed-url').count()).toBe(0); // shown once only
    await page.getByRole('button', { name: 'Revoke my calendar links' }).click();
    expect(await page.getByRole('status').innerText()).toContain('revoked');
    expect((await fetch(local(link))).status).toBe(404);
  });

  it("opens an email's link to a case on the case's page, after signing in, with the title escaped", async () => {
    const bobsCase = (await h.call('GET', `/cases?ownerId=${bob.id}`, pam.token)).body.items[0];
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${h.api.url}/cases/${bobsCase.id}`); // as the link in an email reads
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
    await page.getByLabel('Your API token').fill(bob.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`**/ui/cases/${bobsCase.id}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`[${bobsCase.reference}] Privacy notice <outdated>`);
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toMatch(/Owner\s+Bob/);
    expect(facts).toMatch(/Severity\s+minor/);
    expect(await page.getByRole('table', { name: 'Timeline (UTC)' }).innerText()).toMatch(/raised/);
    // An API client without a browser's Accept header still gets JSON.
    const api = await fetch(`${h.api.url}/cases/${bobsCase.id}`);
    expect([api.status, api.headers.get('content-type')]).toEqual([401, 'application/problem+json; charset=utf-8']);
  });

  it('lets an owner ask for more time, and the person who decides approve it from their inbox', async () => {
    const page = await signIn(browser, h.api.url, bob.token);
    const task = page.locator('article.task').first();
    await task.locator('summary', { hasText: 'Ask for more time' }).click();
    await task.getByLabel('New due date').fill('2027-10-01');
    await task.getByLabel('Reason').fill('The legal review of the new notice takes two weeks');
    await task.getByRole('button', { name: 'Ask for more time' }).click();
    await page.waitForURL(/done=/);
    expect(await page.getByRole('status').innerText()).toBe('More time asked for: Containment and correction.');
    expect(await page.locator('article.task').first().innerText()).toContain('More time asked until 2027-10-01: waiting for a decision.');

    // A minor step's extension is not management's to decide; Bob has no manager, so the programme manager decides.
    const maxPage = await signIn(browser, h.api.url, max.token);
    await maxPage.goto(`${h.api.url}/ui/inbox`);
    expect(await maxPage.locator('article.decision').count()).toBe(0);
    const pamPage = await signIn(browser, h.api.url, pam.token);
    await pamPage.goto(`${h.api.url}/ui/inbox`);
    const request = pamPage.locator('article.decision');
    expect(await request.innerText()).toContain('Bob asks for 2027-10-01 instead of 2027-09-20');
    await request.getByRole('radio', { name: /^Approve/ }).check();
    await request.getByLabel('Comment').fill('Fine, the notice matters');
    await request.getByRole('button', { name: 'Decide' }).click();
    await pamPage.waitForURL(/done=/);
    expect(await pamPage.locator('article.decision').count()).toBe(0);
    const [bobsTask] = (await h.call('GET', `/tasks?ownerId=${bob.id}`, pam.token)).body.items;
    expect([bobsTask.dueDate, bobsTask.overdue, bobsTask.extensions[0].status]).toEqual(['2027-10-01', false, 'approved']);
  });

  it("lets a programme manager reassign a case's task and cancel the case from its page; others see no such forms", async () => {
    const bobsCase = (await h.call('GET', `/cases?ownerId=${bob.id}`, pam.token)).body.items[0];
    const bobPage = await signIn(browser, h.api.url, bob.token);
    await bobPage.goto(`${h.api.url}/ui/cases/${bobsCase.id}`);
    expect(await bobPage.getByRole('button', { name: 'Reassign' }).count()).toBe(0);
    expect(await bobPage.getByRole('button', { name: 'Cancel the case' }).count()).toBe(0);

    const page = await signIn(browser, h.api.url, pam.token);
    await page.goto(`${h.api.url}/ui/cases/${bobsCase.id}`);
    const reassign = page.getByRole('form', { name: 'Reassign a task' });
    await reassign.getByLabel('New owner').selectOption({ label: 'Bob' });
    await reassign.getByLabel('Reason').fill('Bob is back');
    await reassign.getByRole('button', { name: 'Reassign' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('the task belongs to that person already');
    await page.getByRole('form', { name: 'Reassign a task' }).getByLabel('New owner').selectOption({ label: 'Ann' });
    await page.getByRole('form', { name: 'Reassign a task' }).getByLabel('Reason').fill('Bob is on leave for a month');
    await page.getByRole('form', { name: 'Reassign a task' }).getByRole('button', { name: 'Reassign' }).click();
    await page.waitForURL(/done=reassigned/);
    expect(await page.getByRole('status').innerText()).toContain('reminders now go to its new owner');
    const [task] = (await h.call('GET', `/tasks?ownerId=${ann.id}`, pam.token)).body.items.filter((t: { itemId: string }) => t.itemId === bobsCase.id);
    expect(task.step).toBe('containment');

    const cancel = page.getByRole('form', { name: 'Cancel the case' });
    await cancel.getByLabel('Reason').fill('Raised twice: a duplicate of another case');
    await cancel.getByRole('button', { name: 'Cancel the case' }).click();
    await page.waitForURL(/done=cancelled/);
    expect((await h.call('GET', `/cases/${bobsCase.id}`, pam.token)).body.status).toBe('cancelled');
    expect(await page.getByRole('form', { name: 'Reopen the case' }).count()).toBe(1);
  });
});
