import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/accessibility';
import { launchChromium, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// The AI system register run from the pages alone, in a real (headless) Chromium over the whole
// engine: a programme manager registers a system, its owner submits the risk and impact
// assessments from the inbox (multi-row forms, empty rows ignored), the programme manager records
// a change, updates and retires it from the system's page, and management's dashboard shows the
// AI risk figures of GET /aims/{id}/ai-risks. Every refusal shows the API's reason beside the
// form with what was typed; every new page passes axe at a laptop and a phone width.
describe('AI systems from the pages: register, assessments, change, update, retire, dashboard', () => {
  let h: EngineHarness;
  let browser: Browser;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pam: Person;
  let olu: Person;
  let rita: Person;
  let aimsId: string;
  let systemId: string;

  const arrived = async (page: Page, label: string) => {
    await page.waitForLoadState('load');
    await expectAccessible(page, label);
  };
  /** Clicks a form's button and waits for the page the form leads to. */
  const submit = async (scope: Page | ReturnType<Page['locator']>, page: Page, name: string) => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), scope.getByRole('button', { name }).click()]);
  };
  const system = async () => (await h.call('GET', `/ai-systems/${systemId}`, pam.token)).body;

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    await h.advanceTo('2027-09-06T08:00:00Z'); // a Monday
    pam = await h.person('Pam', ['programme_manager'], { timeZone: 'UTC' });
    olu = await h.person('Olu', ['action_owner'], { timeZone: 'UTC' });
    rita = await h.person('Rita', ['management'], { timeZone: 'UTC' });
    aimsId = (await h.call('POST', '/aims', pam.token, { name: 'AIMS North', timeZone: 'UTC', programmeManagerId: pam.id })).body.id;
    const soa = await h.call('PUT', `/aims/${aimsId}/soa`, pam.token, {
      entries: [{ controlId: 'A.10.4', applicable: false, justification: 'We deliver no AI systems to customers' }],
    });
    expect(soa.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('registers a system from the register page: a past first date is refused beside the form with what was typed', async () => {
    const page = await signIn(browser, h.api.url, pam.token);
    await page.goto(`${h.api.url}/ui/aims/${aimsId}/ai-systems`);
    await arrived(page, 'AI register');
    await page.getByLabel('Name').fill('Claims <triage>');
    await page.getByLabel('Purpose').fill('Sorts insurance claims by urgency');
    await page.getByLabel('Our role').selectOption('user');
    await page.getByLabel('Owner (assesses it)').selectOption(olu.id);
    await page.getByLabel('Risk owner (approves)').selectOption(rita.id);
    await page.getByLabel('Lifecycle stage').selectOption('deployment');
    await page.getByLabel('Deployment').selectOption('live');
    await page.getByLabel('Risk classification').selectOption('high');
    await page.getByLabel('Suppliers').fill('Vendor AG\nModel Labs');
    await page.getByLabel('First assessment due').fill('2027-01-04');
    await submit(page, page, 'Register the system');
    await arrived(page, 'AI register refused');
    expect(await page.getByRole('alert').innerText()).toMatch(/firstAssessmentDue: is before today \(2027-09-06\)/);
    expect(await page.getByLabel('Name').inputValue()).toBe('Claims <triage>');
    expect(await page.getByLabel('Suppliers').inputValue()).toBe('Vendor AG\nModel Labs');
    expect((await h.call('GET', `/aims/${aimsId}/ai-systems`, pam.token)).body.items).toEqual([]);

    await page.getByLabel('First assessment due').fill('');
    await submit(page, page, 'Register the system');
    await arrived(page, 'AI system page');
    expect(await page.getByRole('status').innerText()).toContain('The AI system is registered');
    systemId = new URL(page.url()).pathname.split('/').pop()!;
    const registered = await system();
    expect(registered).toMatchObject({
      name: 'Claims <triage>',
      ownerId: olu.id,
      riskOwnerId: rita.id,
      suppliers: ['Vendor AG', 'Model Labs'],
      riskClassification: 'high',
    });
    expect(registered.currentAssessment.reason).toBe('initial');
  });

  it("the owner submits the risk assessment from the inbox: an excluded control is refused, empty rows are ignored, a treated risk's action becomes a task", async () => {
    await h.settle();
    const page = await signIn(browser, h.api.url, olu.token);
    await page.goto(`${h.api.url}/ui/inbox`);
    await arrived(page, 'inbox with AI assessment forms');
    const task = page.locator('article.task', { hasText: 'risk assessment' });
    expect(await task.count()).toBe(1);
    expect(await task.locator('fieldset').count()).toBe(5);
    const set = async (name: string, value: string) => {
      const control = task.locator(`[name="${name}"]`);
      if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
      else await control.fill(value);
    };
    // Rows 1 and 3 filled, row 2 left empty.
    for (const [name, value] of Object.entries({
      'risk1.source': 'Model',
      'risk1.description': 'Urgent claims ranked low',
      'risk1.likelihood': '4',
      'risk1.consequence': '4',
      'risk1.controls': 'A.6.2.6',
      'risk1.treatment': 'treat',
      'risk1.actionTitle': 'Add an urgency override',
      'risk1.actionOwnerId': olu.id,
      'risk1.actionDue': '2027-10-29',
      'risk1.residualLikelihood': '2',
      'risk1.residualConsequence': '3',
      'risk3.source': 'Supplier',
      'risk3.description': 'Vendor changes the model unannounced',
      'risk3.likelihood': '2',
      'risk3.consequence': '3',
      'risk3.controls': 'A.6.2.4, A.10.4',
      'risk3.treatment': 'accept',
      'risk3.residualLikelihood': '2',
      'risk3.residualConsequence': '3',
    }))
      await set(name, value);
    await submit(task, page, 'Submit the risk assessment');
    await arrived(page, 'inbox: risk assessment refused');
    const refused = page.locator('article.task', { hasText: 'risk assessment' });
    expect(await refused.getByRole('alert').innerText()).toContain("risks.1.controls.1: A.10.4 is not applicable in this AIMS's Statement of Applicability");
    expect(await refused.locator('[name="risk3.controls"]').inputValue()).toBe('A.6.2.4, A.10.4');
    expect(await refused.locator('[name="risk1.likelihood"]').inputValue()).toBe('4');
    expect((await system()).currentAssessment.risk).toBeNull();

    await refused.locator('[name="risk3.controls"]').fill('A.6.2.4');
    await submit(refused, page, 'Submit the risk assessment');
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').innerText()).toContain('risk assessment');
    const risks = (await system()).currentAssessment.risk.risks;
    expect(
      risks.map((r: { description: string; level: string; residualLevel: string; controls: string[] }) => [
        r.description,
        r.level,
        r.residualLevel,
        r.controls,
      ]),
    ).toEqual([
      ['Urgent claims ranked low', 'high', 'medium', ['A.6.2.6']],
      ['Vendor changes the model unannounced', 'medium', 'medium', ['A.6.2.4']],
    ]);
    expect(risks[0].actions).toEqual([{ title: 'Add an urgency override', ownerId: olu.id, dueDate: '2027-10-29', taskId: expect.any(String) }]);
    expect((await system()).tasks.some((t: { title: string; ownerId: string }) => t.ownerId === olu.id && t.title.includes('Add an urgency override'))).toBe(
      true,
    );
  });

  it('the owner submits the impact assessment from the inbox, with several affected groups in one row', async () => {
    const page = await signIn(browser, h.api.url, olu.token);
    await page.goto(`${h.api.url}/ui/inbox`);
    const task = page.locator('article.task', { hasText: 'impact assessment' });
    expect(await task.locator('fieldset').count()).toBe(5);
    await task.locator('[name="impact1.dimension"]').selectOption('fairness');
    await task.locator('[name="impact1.subjects"]').selectOption(['individuals', 'groups']);
    await task.locator('[name="impact1.description"]').fill('Claims from some regions wait longer');
    await task.locator('[name="impact1.severity"]').selectOption('3');
    await task.locator('[name="impact1.likelihood"]').selectOption('2');
    await submit(task, page, 'Submit the impact assessment');
    await page.waitForLoadState('load');
    const impacts = (await system()).currentAssessment.impact.impacts;
    expect(impacts).toEqual([
      {
        dimension: 'fairness',
        subjects: ['individuals', 'groups'],
        description: 'Claims from some regions wait longer',
        severity: 3,
        likelihood: 2,
        level: 'medium',
        mitigations: '',
      },
    ]);
  });

  it("management's dashboard shows each AIMS's AI risk figures as GET /aims/{id}/ai-risks gives them", async () => {
    // Both approvals by the risk owner, then the cycle's due date passes for a second system.
    for (const kind of ['risk', 'impact']) expect((await h.call('POST', `/ai-systems/${systemId}/approvals/${kind}`, rita.token, {})).status).toBe(200);
    const late = await h.call('POST', `/aims/${aimsId}/ai-systems`, pam.token, {
      name: 'Fraud scorer',
      purpose: 'Flags suspicious claims',
      role: 'developer',
      ownerId: olu.id,
      riskOwnerId: rita.id,
      lifecycleStage: 'operation_and_monitoring',
      deploymentStatus: 'live',
      riskClassification: 'high',
    });
    expect(late.status).toBe(201);
    await h.advanceTo('2027-10-12T08:00:00Z'); // past the scorer's first due date, 4 Oct
    await h.settle();
    const api = (await h.call('GET', `/aims/${aimsId}/ai-risks`, rita.token)).body;
    expect(api.aboveAppetite).toBe(0); // appetite medium: both residual risks are medium
    expect(api.byResidualLevel.medium).toBe(2);
    expect(api.overdueAssessments.map((o: { system: string }) => o.system)).toEqual(['Fraud scorer']);

    const page = await signIn(browser, h.api.url, rita.token);
    await page.goto(`${h.api.url}/ui/dashboard`);
    await arrived(page, 'dashboard with AI risk');
    const row = page.locator(`tr.ai-risk-row[data-aims-id="${aimsId}"]`);
    expect(Number(await row.locator('.above-appetite').innerText())).toBe(api.aboveAppetite);
    expect(Number(await row.locator('.overdue-assessments').innerText())).toBe(api.overdueAssessments.length);
    expect(await row.innerText()).toContain(`Fraud scorer due ${api.overdueAssessments[0].dueDate}`);
    expect(await row.innerText()).toContain('medium');
  });

  it('records a significant change, updates and retires the system from its page; a refusal is shown beside its form', async () => {
    const page = await signIn(browser, h.api.url, pam.token);
    await page.goto(`${h.api.url}/ui/ai-systems/${systemId}`);
    await arrived(page, 'AI system page with forms');
    await page.getByLabel('Kind of change').selectOption('model_version');
    await page.getByLabel('What changed').fill('Vendor model v2 in production');
    await submit(page, page, 'Record the change');
    await arrived(page, 'AI system page after a change');
    expect(await page.getByRole('status').innerText()).toContain('reassessment is open');
    const changed = await system();
    expect(changed.significantChanges.map((c: { kind: string; description: string }) => [c.kind, c.description])).toEqual([
      ['model_version', 'Vendor model v2 in production'],
    ]);
    expect(changed.currentAssessment.reason).toBe('significant_change');

    // The update form holds the record; a month count off the API's range is refused, the form kept.
    expect(await page.getByLabel('Months between planned assessments').inputValue()).toBe('');
    await page.getByLabel('Deployment').selectOption('suspended');
    await page.getByLabel('Months between planned assessments').fill('99');
    await submit(page, page, 'Save the changes');
    await arrived(page, 'AI system update refused');
    expect(await page.getByRole('alert').innerText()).toMatch(/reassessmentMonths: .*60/);
    expect(await page.getByLabel('Deployment').inputValue()).toBe('suspended');
    expect((await system()).deploymentStatus).toBe('live');
    await page.getByLabel('Months between planned assessments').fill('6');
    await submit(page, page, 'Save the changes');
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').innerText()).toContain('register entry is changed');
    expect(await system()).toMatchObject({ deploymentStatus: 'suspended', reassessmentMonths: 6, suppliers: ['Vendor AG', 'Model Labs'] });

    await page.locator('#ret-reason').fill('Replaced by the new claims platform');
    await submit(page, page, 'Retire the system');
    await arrived(page, 'retired AI system page');
    expect(await page.getByRole('status').innerText()).toContain('retired');
    const retired = await system();
    expect(retired.status).toBe('retired');
    expect(retired.tasks.filter((t: { status: string }) => t.status === 'open')).toEqual([]);
    // A retired system's page has no forms left.
    expect(await page.getByRole('button', { name: 'Record the change' }).count()).toBe(0);
  });
});
