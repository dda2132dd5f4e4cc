import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// An admin manages people from the people page in a real (headless) Chromium: every form goes
// through the API's people routes, so its refusals are the API's.
describe('the people page in a real browser', () => {
  let h: EngineHarness;
  let browser: Browser;
  let ada: Awaited<ReturnType<EngineHarness['person']>>;
  let kai: typeof ada;
  let lou: typeof ada;

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    ada = await h.person('Ada', ['admin'], { timeZone: 'UTC' });
    kai = await h.person('Kai', ['action_owner'], { timeZone: 'Europe/Berlin', department: 'Data' });
    lou = await h.person('Lou', ['action_owner'], { timeZone: 'Europe/Berlin' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('checks a CSV, lists its problems by line, then imports it once fixed', async () => {
    const page = await signIn(browser, h.api.url, ada.token);
    await page.getByRole('link', { name: 'People' }).click();
    const csv = page.getByLabel('CSV', { exact: true });
    await csv.fill('name,email,zone,department,manager email,roles\nMia,mia@example.org,Mars/Base,Data,kai@example.org,auditor');
    await page.getByRole('button', { name: 'Check the file' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('Line 2, timeZone: must be an IANA time zone');
    await screenshot(page, 'people-import-problems');
    await csv.fill('name,email,zone,department,manager email,roles\nMia,mia@example.org,Europe/Paris,Data,kai@example.org,auditor');
    await page.getByRole('button', { name: 'Check the file' }).click();
    expect(await page.getByRole('status').innerText()).toContain('1 people would be added');
    await page.getByRole('button', { name: 'Import' }).click();
    expect(await page.getByRole('status').innerText()).toContain('Imported');
    expect(await page.getByRole('cell', { name: 'mia@example.org' }).count()).toBe(1);
  });

  it("edits a person's zone and manager, and shows a refused edit's reason", async () => {
    const page = await signIn(browser, h.api.url, ada.token);
    await page.goto(`${h.api.url}/ui/people`);
    const row = page.getByRole('row').filter({ hasText: 'lou@example.org' });
    await row.locator('summary', { hasText: 'Edit' }).click();
    await row.getByLabel('Time zone', { exact: true }).fill('Asia/Tokyo');
    await row.getByLabel('Manager', { exact: true }).selectOption({ label: 'Kai' });
    await row.getByRole('button', { name: 'Save Lou' }).click();
    expect(await page.getByRole('status').innerText()).toContain('Saved');
    expect((await h.call('GET', `/people/${lou.id}`, ada.token)).body).toMatchObject({ timeZone: 'Asia/Tokyo', managerId: kai.id });

    // Kai may not report to Lou, who reports to Kai.
    const kaiRow = page.getByRole('row').filter({ hasText: 'kai@example.org' });
    await kaiRow.locator('summary', { hasText: 'Edit' }).click();
    await kaiRow.getByLabel('Manager', { exact: true }).selectOption({ label: 'Lou' });
    await kaiRow.getByRole('button', { name: 'Save Kai' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('manager cycle');
    expect((await h.call('GET', `/people/${kai.id}`, ada.token)).body.managerId).toBeNull();
  });

  it('deactivates a leaver from the page', async () => {
    const page = await signIn(browser, h.api.url, ada.token);
    await page.goto(`${h.api.url}/ui/people`);
    const row = page.getByRole('row').filter({ hasText: 'lou@example.org' });
    await row.locator('summary', { hasText: 'Deactivate' }).click();
    await row.getByRole('button', { name: 'Deactivate Lou' }).click();
    expect(await page.getByRole('status').innerText()).toContain('Deactivated');
    expect(await page.getByRole('row').filter({ hasText: 'lou@example.org' }).innerText()).toContain('(deactivated)');
    expect((await h.call('GET', '/me', lou.token)).status).toBe(401);
    await screenshot(page, 'people-page');
  });

  it('is for admins only', async () => {
    const page = await signIn(browser, h.api.url, kai.token);
    expect(await page.getByRole('link', { name: 'People' }).count()).toBe(0);
    const response = await page.goto(`${h.api.url}/ui/people`);
    expect(response?.status()).toBe(403);
  });
});
