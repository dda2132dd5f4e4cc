import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/accessibility';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// The programme manager starts the management review cycle and records certification from the
// pages; the chair records the meeting (a decision with an action) and approves the minutes. A
// real (headless) Chromium over the whole engine; axe-core checks every page at two widths.
describe('review cycle, meeting record and certification from the pages', () => {
  let h: EngineHarness;
  let browser: Browser;
  let pam: Awaited<ReturnType<EngineHarness['person']>>;
  let max: typeof pam;
  let olga: typeof pam;
  let pmPage: Page;
  let aimsId: string;

  const arrived = async (page: Page, label: string) => {
    await page.waitForLoadState('load');
    await expectAccessible(page, label);
  };

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    pam = await h.person('Pam', ['programme_manager']);
    max = await h.person('Max', ['management'], { timeZone: 'Europe/Berlin' });
    olga = await h.person('Olga', ['action_owner']);
    aimsId = (await h.newAims(pam, { name: 'AIMS Berlin' })).id;
    await h.advanceTo('2027-03-01T08:00:00Z');
    pmPage = await signIn(browser, h.api.url, pam.token);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('starts the review cycle (a past first meeting is refused, the choices kept) and shows the planned reviews before they open', async () => {
    const page = pmPage;
    await page.goto(`${h.api.url}/ui/aims/${aimsId}`);
    await page.getByRole('link', { name: 'Management reviews' }).click();
    await arrived(page, 'reviews, no cycle');
    await page.getByLabel('Chair').selectOption({ label: 'Max' });
    await page.getByLabel('Attendees').selectOption([{ label: 'Max' }, { label: 'Olga' }]);
    for (const input of ['a)', 'b)', 'c)', 'd)', 'e)']) await page.getByLabel(input).selectOption({ label: 'Olga' });
    await page.getByLabel('First meeting').fill('2027-02-15');
    await page.getByRole('button', { name: 'Start the review cycle' }).click();
    await arrived(page, 'reviews, start refused');
    expect(await page.getByRole('alert').innerText()).toMatch(/firstMeetingDate/);
    expect(await page.getByLabel('Chair').inputValue()).toBe(max.id);
    expect(await page.getByLabel('First meeting').inputValue()).toBe('2027-02-15');

    await page.getByLabel('First meeting').fill('2027-04-29');
    await page.getByRole('button', { name: 'Start the review cycle' }).click();
    await page.waitForURL(/done=started/);
    await arrived(page, 'reviews, cycle started');
    expect(await page.locator('tr.planned-review').first().innerText()).toMatch(/2027-04-29/);
    expect(await page.locator('main').innerText()).toMatch(/Max/);
    console.log(`screenshot: ${await screenshot(page, 'pm-reviews')}`);
  });

  it('lets the chair record the minutes with a decision action (a Sunday due date is refused, the minutes kept) and approve them; the programme manager may not approve', async () => {
    await h.advanceTo('2027-04-29T12:00:00Z'); // the review opened 20 working days ahead; the meeting is over
    // Weeks on, the page sessions have ended (their limits run on the engine's clock): sign in again.
    pmPage = await signIn(browser, h.api.url, pam.token);
    const chair = await signIn(browser, h.api.url, max.token);
    await chair.goto(`${h.api.url}/ui/aims/${aimsId}/reviews`);
    await chair.getByRole('link', { name: 'Meeting record and approval' }).click();
    await arrived(chair, 'meeting record');
    await chair.getByLabel('Minutes').fill('Reviewed the pack; drift monitoring is the main gap.');
    const first = chair.getByRole('group', { name: 'Decision 1' });
    await first.getByLabel('Kind').selectOption('improvement');
    await first.getByLabel('Decision').fill('Monitor model drift');
    await first.getByLabel('Action (optional)').fill('Install a drift monitor');
    await first.getByLabel('Action owner').selectOption({ label: 'Olga' });
    await first.getByLabel('Action due').fill('2027-05-16');
    const second = chair.getByRole('group', { name: 'Decision 2' });
    await second.getByLabel('Kind').selectOption('change');
    await second.getByLabel('Decision').fill('Bring the chatbot into scope');
    await chair.getByRole('button', { name: 'Record the meeting' }).click();
    await arrived(chair, 'meeting refused');
    expect(await chair.getByRole('alert').innerText()).toMatch(/decisions\.0\.action\.dueDate/);
    expect(await chair.getByLabel('Minutes').inputValue()).toBe('Reviewed the pack; drift monitoring is the main gap.');
    expect(await chair.getByRole('group', { name: 'Decision 2' }).getByLabel('Decision').inputValue()).toBe('Bring the chatbot into scope');

    await chair.getByRole('group', { name: 'Decision 1' }).getByLabel('Action due').fill('2027-05-20');
    await chair.getByRole('button', { name: 'Record the meeting' }).click();
    await chair.waitForURL(/done=meeting/);
    await arrived(chair, 'meeting recorded');
    expect(await chair.locator('li.decision').allInnerTexts()).toEqual([
      expect.stringMatching(/improvement.*Monitor model drift \(with an action\)/),
      expect.stringMatching(/Change to the AIMS.*Bring the chatbot into scope/),
    ]);

    // The programme manager is not the chair: the API's reason, on the page.
    await pmPage.goto(chair.url().replace(/\?.*$/, ''));
    await pmPage.getByRole('button', { name: 'Approve the minutes' }).click();
    await arrived(pmPage, 'approval refused');
    expect(await pmPage.getByRole('alert').innerText()).toMatch(/only the chair approves the minutes/);

    await chair.getByRole('button', { name: 'Approve the minutes' }).click();
    await chair.waitForURL(/done=approved/);
    await arrived(chair, 'minutes approved');
    expect(await chair.getByRole('status').innerText()).toMatch(/approved/);
    const { items } = (await h.request('GET', '/reviews', { token: pam.token, query: { aimsId } })).body;
    const review = (await h.request('GET', '/reviews/:id', { token: pam.token, params: { id: items[0]!.id } })).body;
    expect(review.status).toBe('closed');
    expect(review.decisions.map((d) => [d.kind, d.actionTaskId !== null])).toEqual([
      ['improvement', true],
      ['change', false],
    ]);
    expect(review.tasks.find((t) => t.step === 'decision_action')).toMatchObject({ ownerId: olga.id, dueDate: '2027-05-20' });
    console.log(`screenshot: ${await screenshot(chair, 'chair-minutes')}`);
    await chair.context().close();
  });

  it('records the certification body, stages 1 and 2 (a date years away is refused), the decision and an external audit whose finding opens a case', async () => {
    const page = pmPage;
    await page.goto(`${h.api.url}/ui/aims/${aimsId}`);
    await page.getByRole('link', { name: 'Certification' }).click();
    await arrived(page, 'certification, none');
    await page.getByLabel('Certification body').fill('Cert Body GmbH');
    await page.getByRole('button', { name: 'Start the record' }).click();
    await page.waitForURL(/done=start/);
    await arrived(page, 'certification started');

    const stage1 = page.getByRole('region', { name: 'Stage 1 audit' });
    await stage1.getByLabel('Date').fill('2037-04-01');
    await stage1.getByLabel('Outcome').selectOption('passed');
    await stage1.getByRole('button').click();
    await arrived(page, 'stage 1 refused');
    expect(await page.getByRole('alert').innerText()).toMatch(/date: must lie between 2022-04-29 and 2032-04-29/);
    expect(await page.getByRole('region', { name: 'Stage 1 audit' }).getByLabel('Date').inputValue()).toBe('2037-04-01');

    const record = async (title: string, fields: Record<string, string>, selects: Record<string, string> = {}) => {
      const form = page.getByRole('region', { name: title });
      for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
      for (const [label, value] of Object.entries(selects)) await form.getByLabel(label, { exact: true }).selectOption(value);
      await form.getByRole('button').click();
      await page.waitForURL(/done=/);
      await page.waitForLoadState('load');
    };
    await record('Stage 1 audit', { Date: '2027-04-01' }, { Outcome: 'passed' });
    await record('Stage 2 audit', { Date: '2027-04-20' }, { Outcome: 'passed' });
    await record('Certification decision', { Date: '2027-04-28' });
    await arrived(page, 'certified');
    const facts = await page.locator('#certification-facts').innerText();
    expect(facts).toMatch(/certified \(cycle 1\)/);
    expect(facts).toMatch(/Cert Body GmbH/);
    expect(facts).toMatch(/2030-04-28/);
    expect(facts).toMatch(/surveillance-1 by 2028-04-28/);

    const external = page.getByRole('region', { name: /External audit/ });
    await external.getByLabel('Kind').selectOption('surveillance-1');
    await external.getByLabel('Date', { exact: true }).fill('2027-04-29');
    await external.getByLabel('Outcome').selectOption('passed');
    const finding = external.getByRole('group', { name: /Finding 1/ });
    await finding.getByLabel('Clause or control').selectOption('A.6.2.4');
    await finding.getByLabel('Severity').selectOption('minor');
    await finding.getByLabel('Owner').selectOption({ label: 'Olga' });
    await finding.getByLabel('Description').fill('Verification records incomplete');
    await external.getByRole('button').click();
    await page.waitForURL(/done=external/);
    await arrived(page, 'external audit recorded');
    await page.getByRole('link', { name: 'A.6.2.4 (minor)' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^\[NC-\d+\] External surveillance-1 audit/);
    const certification = (await h.request('GET', '/aims/:id/certification', { token: pam.token, params: { id: aimsId } })).body;
    expect(certification.externalAudits[0]!.findings[0]).toMatchObject({ item: 'A.6.2.4', ownerId: olga.id });
    console.log(`screenshot: ${await screenshot(page, 'pm-certification')}`);
  });
});
