import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/accessibility';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// A programme manager runs the AIMS with nothing but the pages, in a real (headless) Chromium over
// the whole engine: sets up an AIMS, edits the SoA, starts the audit programme, raises
// nonconformities and finds them in the register. Every page is checked with axe-core at a laptop
// and a phone width; every refusal shows the API's reason and keeps what was typed.
describe('a programme manager sets up and runs an AIMS from the pages', () => {
  let h: EngineHarness;
  let browser: Browser;
  let pam: Awaited<ReturnType<EngineHarness['person']>>;
  let lea: typeof pam;
  let olga: typeof pam;
  let rex: typeof pam;
  let page: Page;
  let aimsId: string;

  /** Waits for the page a form led to and checks it is accessible. */
  const arrived = async (label: string) => {
    await page.waitForLoadState('load');
    await expectAccessible(page, label);
  };

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    pam = await h.person('Pam', ['programme_manager'], { department: 'Quality', timeZone: 'Europe/Lisbon' });
    lea = await h.person('Lea', ['auditor'], { department: 'Operations' });
    olga = await h.person('Olga', ['action_owner'], { department: 'Operations' });
    rex = await h.person('Rex', ['auditor'], { department: 'Risk' });
    await h.advanceTo('2027-03-01T08:00:00Z'); // a Monday
    page = await signIn(browser, h.api.url, pam.token);
    // A programme manager lands on their home page after signing in.
    expect(new URL(page.url()).pathname).toBe('/ui/programme');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('sets up a new AIMS: a bad closed day is refused with its reason, the form kept, then the AIMS shows its policy beside the defaults', async () => {
    await page.goto(`${h.api.url}/ui/programme`);
    await arrived('programme home');
    await page.getByRole('link', { name: 'Set up a new AIMS' }).click();
    await arrived('AIMS set-up');
    await page.getByLabel('Name').fill('AIMS Munich');
    await page.getByLabel('Scope').fill('Credit scoring models');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByLabel('Holiday region').fill('DE-BY');
    await page.getByLabel('Closed days').fill('2027-12-24\n2027-02-30');
    await page.getByLabel('chase every days').fill('14');
    await page.getByRole('button', { name: 'Set up the AIMS' }).click();
    await arrived('AIMS set-up refused');
    expect(await page.getByRole('alert').innerText()).toMatch(/closedDays\.1: must be a calendar date/);
    expect(await page.getByLabel('Name').inputValue()).toBe('AIMS Munich');
    expect(await page.getByLabel('chase every days').inputValue()).toBe('14');
    expect(await page.getByLabel('Closed days').inputValue()).toBe('2027-12-24\n2027-02-30');

    await page.getByLabel('Closed days').fill('2027-12-24');
    await page.getByRole('button', { name: 'Set up the AIMS' }).click();
    await page.waitForURL(/\/ui\/aims\/[0-9a-f-]{36}\?done=created/);
    await arrived('AIMS page');
    aimsId = /aims\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const aims = (await h.request('GET', '/aims/:id', { token: pam.token, params: { id: aimsId } })).body;
    expect(aims).toMatchObject({ name: 'AIMS Munich', timeZone: 'Europe/Berlin', holidayRegion: 'DE-BY', closedDays: ['2027-12-24'] });
    expect(aims.policy.chaseEveryDays).toBe(14);
    const chase = page.getByRole('row', { name: /chase every days/ });
    expect(await chase.locator('td').allInnerTexts()).toEqual(['14', '7']);
    console.log(`screenshot: ${await screenshot(page, 'pm-aims')}`);
  });

  it('changes the settings on the AIMS page: an out-of-range number is refused with its reason, then the new value is in force', async () => {
    const settings = page.getByRole('region', { name: 'Change the settings' });
    expect(await settings.getByLabel('chase every days').inputValue()).toBe('14'); // the override, shown for what it is
    await settings.getByLabel('Scope').fill('Credit scoring and the support chatbot');
    await settings.getByLabel('chase every days').fill('0');
    await settings.getByRole('button', { name: 'Save the settings' }).click();
    await arrived('settings refused');
    expect(await page.getByRole('alert').innerText()).toMatch(/policy\.chaseEveryDays: /);
    expect(await page.getByRole('region', { name: 'Change the settings' }).getByLabel('Scope').inputValue()).toBe('Credit scoring and the support chatbot');

    await page.getByRole('region', { name: 'Change the settings' }).getByLabel('chase every days').fill('21');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.waitForURL(/done=settings/);
    await arrived('settings saved');
    expect(
      await page
        .getByRole('row', { name: /chase every days/ })
        .locator('td')
        .allInnerTexts(),
    ).toEqual(['21', '7']);
    const aims = (await h.request('GET', '/aims/:id', { token: pam.token, params: { id: aimsId } })).body;
    expect(aims).toMatchObject({ scope: 'Credit scoring and the support chatbot', closedDays: ['2027-12-24'], holidayRegion: 'DE-BY' });
    expect(aims.policy.chaseEveryDays).toBe(21);
  });

  it('edits the Statement of Applicability: leaving a control out needs a justification; the page says who changed it', async () => {
    await page.goto(`${h.api.url}/ui/aims/${aimsId}`);
    await page.getByRole('link', { name: 'Statement of Applicability' }).click();
    await arrived('SoA');
    expect(await page.locator('caption').count()).toBe(9); // the controls by Annex A area, A.2 … A.10
    await page.getByLabel('A.10.4 applicable').selectOption('no');
    await page.getByRole('button', { name: 'Save the statement' }).click();
    await arrived('SoA refused');
    expect(await page.getByRole('alert').innerText()).toMatch(/entries\.0\.justification: a control left out needs a justification/);
    expect(await page.getByLabel('A.10.4 applicable').inputValue()).toBe('no');

    await page.getByLabel('A.10.4 justification').fill('We have no customers outside the group');
    await page.getByRole('button', { name: 'Save the statement' }).click();
    await page.waitForURL(/done=soa/);
    await arrived('SoA saved');
    const row = page.getByRole('row', { name: /A\.10\.4/ });
    expect(await row.innerText()).toMatch(/Pam, 2027-03-01/);
    // Only the changed control was sent: the others are still as set up.
    expect(await page.getByRole('row', { name: /A\.10\.3/ }).innerText()).toMatch(/as set up/);
    const soa = (await h.request('GET', '/aims/:id/soa', { token: pam.token, params: { id: aimsId } })).body.items;
    expect(soa.find((e) => e.controlId === 'A.10.4')).toMatchObject({
      applicable: false,
      justification: 'We have no customers outside the group',
      changedBy: 'Pam',
    });
    console.log(`screenshot: ${await screenshot(page, 'pm-soa')}`);
  });

  it('refuses the SoA form to an auditor with the API reason, keeping what was typed', async () => {
    const other = await signIn(browser, h.api.url, lea.token);
    await other.goto(`${h.api.url}/ui/aims/${aimsId}/soa`);
    await other.getByLabel('A.2.2 applicable').selectOption('no');
    await other.getByLabel('A.2.2 justification').fill('Not ours to decide');
    await other.getByRole('button', { name: 'Save the statement' }).click();
    await other.waitForLoadState('load');
    expect(await other.getByRole('alert').innerText()).toMatch(/programme_manager/);
    expect(await other.getByLabel('A.2.2 justification').inputValue()).toBe('Not ours to decide');
    await expectAccessible(other, 'SoA refused to an auditor');
    await other.context().close();
    const soa = (await h.request('GET', '/aims/:id/soa', { token: pam.token, params: { id: aimsId } })).body.items;
    expect(soa.find((e) => e.controlId === 'A.2.2')?.applicable).toBe(true);
  });

  it('starts the audit programme (a past date is refused) and shows the coverage matrix with the control left out', async () => {
    await page.goto(`${h.api.url}/ui/aims/${aimsId}`);
    await page.getByRole('link', { name: 'Audit programme and coverage' }).click();
    await arrived('programme, not started');
    await page.getByLabel('Cadence').selectOption('quarterly');
    await page.getByLabel('Fieldwork of the first audit').fill('2027-02-01');
    await page.getByRole('button', { name: 'Start the programme' }).click();
    await arrived('programme start refused');
    expect(await page.getByRole('alert').innerText()).toMatch(/anchorDate/);
    expect(await page.getByLabel('Fieldwork of the first audit').inputValue()).toBe('2027-02-01');

    await page.getByLabel('Fieldwork of the first audit').fill('2027-04-05');
    await page.getByRole('button', { name: 'Start the programme' }).click();
    await page.waitForURL(/done=started/);
    await arrived('programme started');
    expect(await page.locator('tr.occurrence').first().innerText()).toMatch(/2027-04-05/);
    expect(await page.locator('tr.coverage-row[data-item="A.10.4"]').innerText()).toMatch(/not applicable/);
    expect(await page.locator('tr.coverage-row[data-item="9.2"]').innerText()).toMatch(/clause/);
    const programme = (await h.request('GET', '/aims/:id/programme', { token: pam.token, params: { id: aimsId } })).body;
    expect(programme).toMatchObject({ cadence: 'quarterly', anchorDate: '2027-04-05', paused: false });
    console.log(`screenshot: ${await screenshot(page, 'pm-programme')}`);
  });

  it('names the audit team from the home page: a lead auditor from an audited department is refused with the reason', async () => {
    await h.advanceTo('2027-03-09T12:00:00Z'); // the first audit has opened (20 working days before fieldwork)
    // A week on, the page session has ended (idle and absolute limits run on the engine's clock): sign in again.
    page = await signIn(browser, h.api.url, pam.token);
    await page.goto(`${h.api.url}/ui/programme`);
    await arrived('programme home with a team to name');
    const teams = page.getByRole('region', { name: /Audit teams to name/ });
    await teams.getByRole('link').first().click();
    await page.waitForLoadState('load');
    await page.goto(`${h.api.url}/ui/inbox`);
    const task = page.locator('article.task').filter({ hasText: 'team' }).first();
    await task.getByLabel('Lead auditor').selectOption({ label: 'Lea' });
    await task.getByLabel('Auditees').selectOption([{ label: 'Olga' }]);
    await task.getByRole('button', { name: 'Name the team' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').innerText()).toMatch(/Lea belongs to Operations, which this audit covers/);
    await expectAccessible(page, 'inbox with the team refused');
    const refused = page.locator('article.task').filter({ hasText: 'team' }).first();
    await refused.getByLabel('Lead auditor').selectOption({ label: 'Rex' });
    await refused.getByRole('button', { name: 'Name the team' }).click();
    await page.waitForURL(/done=/);
    const audits = (await h.request('GET', '/audits', { token: pam.token, query: { aimsId } })).body.items;
    expect(audits[0]!.leadAuditorId).toBe(rex.id);
  });

  it('raises nonconformities from the register and finds them again by filter and by search', async () => {
    await page.goto(`${h.api.url}/ui/cases?aimsId=${aimsId}`);
    await arrived('register, empty');
    for (const [title, severity, clause] of [
      ['Bias review skipped for scoring model', 'major', 'A.6.2.4'],
      ['Supplier list out of date', 'minor', null],
    ] as const) {
      await page.getByRole('link', { name: 'Raise a nonconformity' }).click();
      await arrived('raise a nonconformity');
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Description').fill('Found while preparing the audit');
      await page.getByLabel('Source').selectOption('monitoring');
      await page.getByLabel('Severity').selectOption(severity);
      if (clause) await page.getByLabel('Clause or control').selectOption(clause);
      await page.getByLabel('Owner').selectOption({ label: 'Olga' });
      await page.getByRole('button', { name: 'Raise the nonconformity' }).click();
      await page.waitForURL(/\/ui\/cases\/[0-9a-f-]{36}$/);
      await arrived('raised case');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(new RegExp(`^\\[NC-\\d+\\] ${title}`));
      await page.goto(`${h.api.url}/ui/cases?aimsId=${aimsId}`);
    }
    expect(await page.locator('tr.case-row').count()).toBe(2);

    await page.getByLabel('Severity').selectOption('major');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/severity=major/);
    await arrived('register filtered');
    expect(await page.locator('tr.case-row').allInnerTexts()).toEqual([expect.stringMatching(/Bias review skipped/)]);

    await page.goto(`${h.api.url}/ui/cases`);
    await page.getByLabel('Search').fill('supplier');
    await page.getByLabel('Search').press('Enter');
    await page.waitForURL(/q=supplier/);
    const rows = page.locator('tr.case-row');
    expect(await rows.count()).toBe(1);
    const reference = await rows.first().locator('a').innerText();
    expect(reference).toMatch(/^NC-\d+$/);
    // The reference an auditor quotes finds the case too.
    await page.getByLabel('Search').fill(reference);
    await page.getByLabel('Search').press('Enter');
    await page.waitForURL(new RegExp(`q=${reference}`));
    expect(await page.locator('tr.case-row').allInnerTexts()).toEqual([expect.stringMatching(/Supplier list out of date/)]);

    // Sorted by severity, ascending: major first; a bad date filter is refused with its reason.
    await page.goto(`${h.api.url}/ui/cases?aimsId=${aimsId}`);
    await page.getByRole('link', { name: 'Severity' }).click();
    await arrived('register sorted');
    expect(await page.locator('tr.case-row td:nth-child(5)').allInnerTexts()).toEqual(['major', 'minor']);
    console.log(`screenshot: ${await screenshot(page, 'pm-register')}`);
    await page.setViewportSize({ width: 390, height: 844 });
    console.log(`screenshot: ${await screenshot(page, 'pm-register-phone')}`);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${h.api.url}/ui/cases?raisedFrom=2027-02-30`);
    expect(await page.getByRole('alert').innerText()).toMatch(/raisedFrom: must be a calendar date/);
  });
});
