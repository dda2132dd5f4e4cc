import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/accessibility';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { EngineHarness, PUBLIC_BASE_URL, type Email } from '../support/engine-harness';

// The programme manager grants the certification body's auditor access from the certification
// page, in a real Chromium (axe-core at laptop and phone widths); the auditor signs in through the
// emailed single-use link, reads the AIMS, and is signed out once the access is revoked.
describe('external auditor access from the certification page', () => {
  let h: EngineHarness;
  let browser: Browser;
  let pam: Awaited<ReturnType<EngineHarness['person']>>;
  let aimsId: string;

  beforeAll(async () => {
    h = await EngineHarness.start();
    browser = await launchChromium({ mapHost: { host: 'aims.test', to: new URL(h.api.url).host } });
    pam = await h.person('Pam', ['programme_manager']);
    await h.advanceTo('2027-01-04T08:00:00Z'); // a Monday
    aimsId = (await h.newAims(pam, { name: 'AIMS Berlin' })).id;
    expect((await h.call('POST', `/aims/${aimsId}/certification`, pam.token, { certificationBody: 'Cert Co' })).status).toBe(201);
    expect((await h.call('POST', `/aims/${aimsId}/certification/stage1`, pam.token, { date: '2027-01-04', outcome: 'passed' })).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('grants with the stage 1 dates ± 7 days prefilled, shows a refusal beside the form, lists and revokes; the auditor signs in by link meanwhile', async () => {
    const page = await signIn(browser, PUBLIC_BASE_URL, pam.token);
    await page.goto(`${PUBLIC_BASE_URL}/ui/aims/${aimsId}/certification/record`);
    const section = page.getByRole('region', { name: 'Auditor access', exact: true });
    expect(await section.getByText('No external auditor has been granted access').count()).toBe(1);
    expect(await page.getByLabel('Certification audit').inputValue()).toBe('stage1');
    expect(await page.getByLabel('First day').inputValue()).toBe('2026-12-28');
    expect(await page.getByLabel('Last day').inputValue()).toBe('2027-01-11');
    expect(await page.locator('#auditor-sign-in-url').innerText()).toBe(`${PUBLIC_BASE_URL}/ui/sign-in`);
    await expectAccessible(page, 'certification page with the grant form');

    // A last day before the first is refused by the API, its reason beside the form, what was typed kept.
    await page.getByLabel('Auditor name').fill('Erin Extern');
    await page.getByLabel('Auditor email').fill('erin@cert.example');
    await page.getByLabel('Last day').fill('2026-12-20');
    await page.getByRole('button', { name: 'Grant access' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.locator('#grant-form-error').innerText()).toContain('until: must be after from (2026-12-28)');
    expect(await page.getByLabel('Auditor email').inputValue()).toBe('erin@cert.example');
    await expectAccessible(page, 'grant form refused');

    await page.getByLabel('Last day').fill('2027-01-11');
    await page.getByRole('button', { name: 'Grant access' }).click();
    await page.waitForURL('**/certification/record?done=granted');
    expect(await page.getByRole('status').innerText()).toContain('External auditor access is granted');
    const row = page.locator('#external-auditor-grants tbody tr');
    expect(await row.count()).toBe(1);
    expect((await row.first().innerText()).replace(/\s+/g, ' ')).toContain('Erin Extern stage1 2026-12-28 2027-01-11 in force');
    await expectAccessible(page, 'certification page with a grant');
    console.log(`screenshot: ${await screenshot(page, 'external-auditor-granted')}`);

    // The auditor is emailed the grant: what, for how long, and the sign-in address.
    let notice: Email | undefined;
    for (let i = 0; i < 50 && !notice; i += 1) notice = (await h.newEmails()).find((e) => e.subject.startsWith('Read-only access to'));
    expect([notice?.to, notice?.subject]).toEqual(['erin@cert.example', 'Read-only access to AIMS Berlin, 2026-12-28 to 2027-01-11']);
    expect(notice!.text).toContain('for the stage 1 audit, from 2026-12-28 until 2027-01-11 inclusive');
    expect(notice!.text).toContain(`${PUBLIC_BASE_URL}/ui/sign-in`);

    // The auditor asks for a link on the sign-in page, as the email tells them.
    const auditorPage = await (await browser.newContext()).newPage();
    await auditorPage.goto(`${PUBLIC_BASE_URL}/ui/aims/${aimsId}`);
    expect(new URL(auditorPage.url()).pathname).toBe('/ui/sign-in');
    await auditorPage.getByLabel('Your email address').fill('erin@cert.example');
    await auditorPage.getByRole('button', { name: 'Email me a link' }).click();
    expect(await auditorPage.getByRole('heading', { level: 1 }).innerText()).toBe('Check your email');
    // The link is sent after the answer: wait for it (a busy machine may take longer than a quiet spell).
    let mail: Email | undefined;
    for (let i = 0; i < 50 && !mail; i += 1) mail = (await h.newEmails()).find((e) => e.subject === 'Your sign-in link for AIMS cycles');
    expect(mail?.to).toBe('erin@cert.example');
    const link = /http:\/\/aims\.test\/ui\/sign-in\/link\?token=[A-Za-z0-9_-]+/.exec(mail!.text)![0];
    await auditorPage.goto(link);
    await auditorPage.getByRole('button', { name: 'Continue' }).click();
    await auditorPage.waitForURL(`**/ui/aims/${aimsId}`);
    expect(await auditorPage.getByRole('heading', { level: 1 }).innerText()).toContain('AIMS Berlin');
    const viewed = await h.db
      .selectFrom('audit_trail')
      .select(['action', 'after'])
      .where('aims_id', '=', aimsId)
      .where('actor_label', '=', 'Erin Extern')
      .execute();
    expect(viewed).toContainEqual({ action: 'viewed by external auditor', after: expect.objectContaining({ route: `GET /ui/aims/${aimsId}` }) });

    // The auditor's pages are a record: a notice says so, and no form that would post a change shows.
    expect(await auditorPage.locator('#read-only-notice').innerText()).toContain("certification body's auditor: read-only");
    await auditorPage.goto(`${PUBLIC_BASE_URL}/ui/aims/${aimsId}/certification/record`);
    expect(await auditorPage.getByRole('heading', { level: 1 }).innerText()).toBe('Certification');
    expect(await auditorPage.locator('main form[method="post"]').count()).toBeGreaterThan(0);
    expect(await auditorPage.locator('main form[method="post"]:visible').count()).toBe(0);
    expect(await auditorPage.getByRole('button', { name: 'Record stage 1' }).count()).toBe(0);
    expect(await auditorPage.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await expectAccessible(auditorPage, 'the certification page as the auditor reads it');
    // The manager's own page keeps its forms.
    expect(await page.getByRole('button', { name: 'Record stage 1' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.waitForURL('**/certification/record?done=revoked');
    expect((await row.first().innerText()).replace(/\s+/g, ' ')).toContain('Erin Extern stage1 2026-12-28 2027-01-11 revoked');
    expect(await page.getByRole('button', { name: 'Revoke' }).count()).toBe(0);

    await auditorPage.reload();
    expect(new URL(auditorPage.url()).pathname).toBe('/ui/sign-in');
  });
});
