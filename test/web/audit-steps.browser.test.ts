import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// An internal audit run from the inbox pages in a real (headless) Chromium: the programme
// manager names the team, the lead auditor records the checklist and closes fieldwork (a major
// finding opens a case), then submits the report.
/** Clicks a form's button and expects the inbox back with the step accepted, or fails with the page's reason. */
async function submit(page: Page, button: Locator): Promise<void> {
  await button.click();
  // Accepted: back to the inbox (303); refused: the form's own address answers with the reason.
  await page.waitForURL(/\/ui\/(inbox\?done=|tasks\/)/);
  await page.waitForLoadState('load');
  if (!page.url().includes('done=')) throw new Error(`refused: ${await page.locator('main').innerText()}`);
}

describe('an internal audit from the inbox, in a real browser', () => {
  let h: EngineHarness;
  let browser: Browser;
  let p: Record<'pia' | 'lea' | 'bert' | 'eve', Awaited<ReturnType<EngineHarness['person']>>>;
  let aimsId: string;
  let auditId: string;

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    p = {
      pia: await h.person('Pia', ['programme_manager'], { department: 'Quality' }),
      lea: await h.person('Lea', ['auditor'], { department: 'Internal Audit' }),
      bert: await h.person('Bert', ['auditor'], { department: 'Engineering' }),
      eve: await h.person('Eve', ['action_owner'], { department: 'Engineering' }),
    };
    aimsId = (await h.call('POST', '/aims', p.pia.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: p.pia.id }))
      .body.id;
    await h.advanceTo('2027-01-04T08:00:00Z');
    expect((await h.call('POST', `/aims/${aimsId}/programme`, p.pia.token, { cadence: 'quarterly', anchorDate: '2027-03-01' })).status).toBe(201);
    await h.advanceTo('2027-02-01T09:00:00Z'); // the first audit opened at 08:00Z
    auditId = (await h.call('GET', `/audits?aimsId=${aimsId}`, p.pia.token)).body.items[0].id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('lets the programme manager name the team; an auditor from an audited department is refused on the page', async () => {
    const page = await signIn(browser, h.api.url, p.pia.token);
    await page.goto(`${h.api.url}/ui/inbox`);
    const task = page.locator('article.task', { hasText: 'Name the lead auditor and the auditees' });
    await task.getByLabel('Lead auditor').selectOption({ label: 'Bert' });
    await task.getByLabel('Auditees').selectOption([{ label: 'Eve' }]);
    await task.getByRole('button', { name: 'Name the team' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('nobody audits their own department');
    // What was chosen is still there; change the lead and send again.
    const again = page.locator('article.task', { hasText: 'Name the lead auditor and the auditees' });
    expect(await again.getByLabel('Auditees').inputValue()).toBe(p.eve.id);
    await again.getByLabel('Lead auditor').selectOption({ label: 'Lea' });
    await submit(page, again.getByRole('button', { name: 'Name the team' }));
    const audit = (await h.call('GET', `/audits/${auditId}`, p.pia.token)).body;
    expect([audit.status, audit.leadAuditorId, audit.auditeeIds]).toEqual(['fieldwork', p.lea.id, [p.eve.id]]);
  });

  it('lets the lead auditor record the checklist, close fieldwork and submit the report', async () => {
    await h.advanceTo('2027-03-01T09:00:00Z'); // fieldwork is open
    const page = await signIn(browser, h.api.url, p.lea.token);
    const fieldwork = page.locator('article.task', { hasText: 'Record the checklist results' });
    const results = fieldwork.locator('select[name^="result:"]');
    const items = await results.count();
    expect(items).toBeGreaterThan(3);
    // All conforming but the first, a major nonconformity owned by Eve; saved before closing.
    for (let i = 0; i < items; i++) {
      const group = fieldwork.locator('fieldset').nth(i);
      await group.getByLabel('Result').selectOption(i === 0 ? 'major_nc' : 'conforming');
      await group.getByLabel('Evidence').fill(i === 0 ? 'No record of the impact assessment' : 'Interviewed, records sampled');
      if (i === 0) await group.getByLabel('Owner of the corrective action').selectOption({ label: 'Eve' });
    }
    console.log(`screenshot: ${await screenshot(page, 'auditor-checklist')}`);
    await submit(page, fieldwork.getByRole('button', { name: 'Save the results' }));
    expect(await page.getByRole('status').innerText()).toContain('Saved: Record the checklist results');
    const saved = page.locator('article.task', { hasText: 'Record the checklist results' });
    expect(await saved.locator('select[name^="result:"]').first().inputValue()).toBe('major_nc');

    await saved.getByLabel('Close fieldwork now').check();
    await submit(page, saved.getByRole('button', { name: 'Save the results' }));
    expect(await page.getByRole('status').innerText()).toContain('Submitted: Record the checklist results');
    const audit = (await h.call('GET', `/audits/${auditId}`, p.pia.token)).body;
    expect(audit.status).toBe('reporting');
    const cases = (await h.call('GET', `/cases?ownerId=${p.eve.id}`, p.pia.token)).body.items;
    expect(cases.map((c: { severity: string; source: string }) => [c.severity, c.source])).toEqual([['major', 'internal_audit']]);

    const report = page.locator('article.task', { hasText: 'Write and submit the audit report' });
    await report.getByLabel('Summary of the audit').fill('One major finding on impact assessments; otherwise conforming.');
    await submit(page, report.getByRole('button', { name: 'Submit the report' }));
    expect(await page.locator('article.task').count()).toBe(0);
    expect((await h.call('GET', `/audits/${auditId}`, p.pia.token)).body.status).toBe('reported');

    // The audit's page: its results, the report, and a link to the case its finding opened.
    await page.goto(`${h.api.url}/ui/audits/${auditId}`);
    expect(await page.getByRole('table', { name: 'Scope and results' }).innerText()).toMatch(/major nc\s+No record of the impact assessment/);
    expect(await page.locator('dl.facts').innerText()).toMatch(/Lead auditor\s+Lea/);
    await page.getByRole('link', { name: /^Case for / }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^\[NC-\d+\] /);
  });
});
