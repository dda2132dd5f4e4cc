import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// The AI system register, a system's page and the risk owner's approval from the inbox, in a
// real (headless) Chromium against the whole engine.
describe('AI system pages in a real browser', () => {
  let h: EngineHarness;
  let browser: Browser;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pam: Person;
  let olu: Person;
  let rita: Person;
  let aimsId: string;
  let systemId: string;

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    await h.advanceTo('2027-09-06T08:00:00Z');
    pam = await h.person('Pam', ['programme_manager']);
    olu = await h.person('Olu', ['action_owner']);
    rita = await h.person('Rita', ['management']);
    aimsId = (await h.call('POST', '/aims', pam.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pam.id })).body.id;
    const system = await h.call('POST', `/aims/${aimsId}/ai-systems`, pam.token, {
      name: 'Triage <assistant>',
      purpose: 'Sorts incoming tickets',
      role: 'user',
      ownerId: olu.id,
      riskOwnerId: rita.id,
      lifecycleStage: 'operation_and_monitoring',
      deploymentStatus: 'live',
      riskClassification: 'limited',
      suppliers: ['Vendor AG'],
    });
    expect(system.status).toBe(201);
    systemId = system.body.id;
    const risks = [
      {
        source: 'Model',
        description: 'Urgent tickets ranked low',
        likelihood: 4,
        consequence: 4,
        controls: ['A.6.2.6'],
        treatment: 'accept',
        residualLikelihood: 4,
        residualConsequence: 4,
      },
    ];
    expect((await h.call('POST', `/ai-systems/${systemId}/risk-assessment`, olu.token, { risks })).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('lets the risk owner approve the risk assessment from their inbox', async () => {
    const page = await signIn(browser, h.api.url, rita.token);
    await page.goto(`${h.api.url}/ui/inbox`);
    const task = page.locator('article.task', { hasText: 'Approve the AI risk assessment of Triage <assistant>' });
    expect(await task.count()).toBe(1);
    await task.getByRole('button', { name: 'Approve' }).click();
    expect(await page.locator('article.task', { hasText: 'Approve the AI risk assessment' }).count()).toBe(0);
    const detail = (await h.call('GET', `/ai-systems/${systemId}`, pam.token)).body;
    expect(detail.currentAssessment.risk.approvedBy).toBe(rita.id);
  });

  it('shows the register with the risks above the appetite, and the system page with its risks and history', async () => {
    const page = await signIn(browser, h.api.url, pam.token);
    await page.goto(`${h.api.url}/ui/aims/${aimsId}/ai-systems`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('AI system register');
    const main = await page.locator('main').innerText();
    expect(main).toContain('Triage <assistant>'); // escaped, shown as text
    expect(main).toContain('1 of 1 approved risks of active systems');
    expect(main).toContain('Urgent tickets ranked low (residual high)');
    await page.getByRole('link', { name: 'Triage <assistant>' }).first().click();
    expect(new URL(page.url()).pathname).toBe(`/ui/ai-systems/${systemId}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Vendor AG');
    expect(text).toContain('Urgent tickets ranked low');
    expect(text).toContain('A.6.2.6');
    expect(text).toContain('Olu');
    expect(text).toMatch(/risk.assessment.approved/);
    // An email link (the API address) opened in a browser lands on the page.
    const redirected = await fetch(`${h.api.url}/ai-systems/${systemId}`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(redirected.headers.get('location')).toBe(`/ui/ai-systems/${systemId}`);
  });
});
