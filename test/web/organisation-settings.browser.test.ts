import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/accessibility';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// An organisation's admin keeps its settings from a page in a real (headless) Chromium; the form
// goes through the API's settings route, so its refusals are the API's, and a new AIMS's form
// starts from the defaults saved there.
describe('the organisation settings page in a real browser', () => {
  let h: EngineHarness;
  let browser: Browser;
  let ada: Awaited<ReturnType<EngineHarness['person']>>;
  let kai: typeof ada;

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    ada = await h.person('Ada', ['admin', 'programme_manager'], { timeZone: 'UTC' });
    kai = await h.person('Kai', ['action_owner']);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('saves the settings, shows a refusal beside the form, and prefills a new AIMS with the defaults', async () => {
    const page = await signIn(browser, h.api.url, ada.token);
    await page.getByRole('link', { name: 'Organisation' }).click();
    await page.getByLabel('Sender name of its emails').fill('Acme compliance');
    await page.getByLabel('Reply-to address').fill('compliance@acme.example');
    await page.getByLabel('Default time zone of a new AIMS').fill('Mars/Base');
    await page.getByLabel('Default holiday region of a new AIMS').fill('GB-ENG');
    await page.getByLabel('max extensions per step').fill('1');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('defaultTimeZone: must be an IANA time zone');
    // What was typed is still there.
    expect(await page.getByLabel('Sender name of its emails').inputValue()).toBe('Acme compliance');
    await expectAccessible(page, 'organisation settings refused');
    await page.getByLabel('Default time zone of a new AIMS').fill('Europe/London');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    expect(await page.getByRole('status').innerText()).toContain('The settings are saved');
    await expectAccessible(page, 'organisation settings');
    await screenshot(page, 'organisation-settings');
    const saved = await h.call('GET', `/organisations/${ada.organisation_id}/settings`, ada.token);
    expect(saved.body).toMatchObject({
      senderName: 'Acme compliance',
      replyTo: 'compliance@acme.example',
      defaultTimeZone: 'Europe/London',
      defaultHolidayRegion: 'GB-ENG',
      defaultPolicy: { maxExtensionsPerStep: 1 },
    });

    await page.goto(`${h.api.url}/ui/aims/new`);
    expect(await page.locator('#aims-zone').inputValue()).toBe('Europe/London');
    expect(await page.locator('#aims-region').inputValue()).toBe('GB-ENG');
    expect(await page.getByLabel('max extensions per step').inputValue()).toBe('1');
  });

  it('is for the organisation’s admins only', async () => {
    const page = await signIn(browser, h.api.url, kai.token);
    expect(await page.getByRole('link', { name: 'Organisation' }).count()).toBe(0);
    const response = await page.goto(`${h.api.url}/ui/organisations/${kai.organisation_id}/settings`);
    expect(response?.status()).toBe(403);
  });
});
