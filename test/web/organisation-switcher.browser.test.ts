import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMembership } from '../../db/repositories/memberships.repository';
import { expectAccessible } from '../support/accessibility';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';
import { newMember, newOrganisation, seedAims, type SeededAims } from '../access/seed-organisation';

// A consultant in two organisations picks the one the pages show: the switcher offers only
// theirs, keeps the choice in the page session, and every list and dashboard shows only it.
describe('the organisation switcher in a real browser', () => {
  let h: EngineHarness;
  let browser: Browser;
  let cleo: Awaited<ReturnType<EngineHarness['person']>>;
  let home: SeededAims, client: SeededAims, stranger: SeededAims;
  let strangerOrg: string;
  let vic: Awaited<ReturnType<EngineHarness['person']>>;

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    cleo = await h.person('Cleo', ['programme_manager', 'management']);
    const clientOrg = await newOrganisation(h.db, 'Client Co');
    for (const role of ['programme_manager', 'management'] as const)
      await insertMembership(h.db, { personId: cleo.id, organisationId: clientOrg, aimsId: null, role });
    strangerOrg = await newOrganisation(h.db, 'Stranger Ltd');
    const strangerPm = await newMember(h.db, strangerOrg, ['programme_manager'], 'stranger');
    home = await seedAims(h.db, cleo.organisation_id, cleo.id, cleo.id);
    client = await seedAims(h.db, clientOrg, cleo.id, cleo.id);
    stranger = await seedAims(h.db, strangerOrg, strangerPm.id, strangerPm.id);
    await h.db.updateTable('people').set({ department: 'Zeppelin works' }).where('id', '=', strangerPm.id).execute();
    // An action owner at home who runs the client's programme.
    vic = await h.person('Vic', ['action_owner']);
    await insertMembership(h.db, { personId: vic.id, organisationId: clientOrg, aimsId: null, role: 'programme_manager' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('shows one organisation at a time and switches among the person’s own', async () => {
    const page = await signIn(browser, h.api.url, cleo.token);
    const text = async (path: string) => {
      await page.goto(`${h.api.url}${path}`);
      return page.locator('main').innerText();
    };
    const switcher = page.getByLabel('Organisation', { exact: true });
    for (const path of ['/ui/cases', '/ui/dashboard', '/ui/programme']) {
      const shown = await text(path);
      expect(shown, path).toContain(path === '/ui/dashboard' ? `Contain ${home.marker}` : home.marker);
      expect(shown, path).not.toContain(client.marker);
      expect(shown, path).not.toContain(stranger.marker);
      // Filters list only the organisation's departments.
      expect(await page.content(), path).not.toContain('Zeppelin');
    }
    expect(await switcher.locator('option').allInnerTexts()).toEqual(['Client Co', 'Default organisation']);
    expect(await switcher.inputValue()).toBe(cleo.organisation_id);
    await expectAccessible(page, 'a page with the organisation switcher');

    await switcher.selectOption({ label: 'Client Co' });
    await page.getByRole('button', { name: 'Switch organisation' }).click();
    for (const path of ['/ui/cases', '/ui/dashboard', '/ui/programme']) {
      const shown = await text(path);
      expect(shown, path).toContain(path === '/ui/dashboard' ? `Contain ${client.marker}` : client.marker);
      expect(shown, path).not.toContain(home.marker);
      expect(shown, path).not.toContain(stranger.marker);
    }
    await screenshot(page, 'organisation-switched');
    // The choice is the session's: a new page load keeps it.
    await page.reload();
    expect(await switcher.inputValue()).not.toBe(cleo.organisation_id);

    // An organisation not theirs is refused (a hand-edited form), and the choice stays.
    await switcher
      .locator('option')
      .first()
      .evaluate((option, id) => option.setAttribute('value', id), strangerOrg);
    await switcher.selectOption({ index: 0 });
    const refused = page.waitForResponse((r) => r.url().endsWith('/ui/session/organisation'));
    await page.getByRole('button', { name: 'Switch organisation' }).click();
    expect((await refused).status()).toBe(404);
    const shown = await text('/ui/cases');
    expect(shown).toContain(client.marker);
    expect(shown).not.toContain(stranger.marker);
  });

  it('shows the navigation of the roles held in the current organisation', async () => {
    const page = await signIn(browser, h.api.url, vic.token);
    const programme = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programme' });
    expect(await programme.count()).toBe(0);
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Client Co' });
    await page.getByRole('button', { name: 'Switch organisation' }).click();
    expect(await programme.count()).toBe(1);
  });
});
