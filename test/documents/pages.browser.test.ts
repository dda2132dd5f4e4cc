import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/accessibility';
import { launchChromium, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// Documents, suppliers and readiness from the pages, in a real (headless) Chromium over the whole
// engine: an approver rejects a version from the inbox with a reason, the owner sees the revision
// task carrying it, a reader acknowledges from the inbox; the registers and the readiness page
// show what the API says, and every page passes axe at laptop and phone widths.
describe('document, supplier and readiness pages in a real browser', () => {
  let h: EngineHarness;
  let browser: Browser;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pam: Person;
  let olu: Person;
  let rita: Person;
  let aimsId: string;
  let policyId: string;
  let rulesId: string;
  let supplier: { status: number; body: { id: string } };

  const submit = async (scope: ReturnType<Page['locator']>, page: Page, name: string) => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), scope.getByRole('button', { name }).click()]);
  };
  const taskOf = (page: Page, text: string) => page.locator('article.task', { hasText: text });

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    await h.advanceTo('2027-09-06T08:00:00Z');
    pam = await h.person('Pam', ['programme_manager']);
    olu = await h.person('Olu', ['action_owner']);
    rita = await h.person('Rita', ['management']);
    aimsId = (await h.call('POST', '/aims', pam.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pam.id })).body.id;
    const policy = await h.call('POST', `/aims/${aimsId}/documents`, pam.token, {
      title: 'AI <policy>',
      kind: 'policy',
      ownerId: olu.id,
      approverIds: [rita.id],
      addresses: ['5.2', 'A.2.2'],
      reviewMonths: 12,
    });
    expect(policy.status).toBe(201);
    policyId = policy.body.id;
    const version = await h.call('POST', `/documents/${policyId}/versions`, olu.token, {
      link: 'https://intranet.example.org/ai-policy-v1',
      changeSummary: 'First issue',
    });
    expect(version.status).toBe(200);
    // A second document, approved already, whose version Pam is asked to read.
    const rules = await h.call('POST', `/aims/${aimsId}/documents`, pam.token, {
      title: 'Acceptable use',
      kind: 'procedure',
      ownerId: olu.id,
      approverIds: [rita.id],
      addresses: ['7.3'],
    });
    expect(rules.status).toBe(201);
    const rulesVersion = await h.call('POST', `/documents/${rules.body.id}/versions`, olu.token, {
      link: 'https://intranet.example.org/acceptable-use',
      changeSummary: 'First issue',
      toBeAcknowledged: true,
      audience: { roles: [], departments: [], personIds: [pam.id] },
    });
    expect(rulesVersion.status).toBe(200);
    expect((await h.call('POST', `/documents/${rules.body.id}/approve`, rita.token, {})).status).toBe(200);
    rulesId = rules.body.id;
    supplier = await h.call('POST', `/aims/${aimsId}/suppliers`, pam.token, {
      name: 'ModelCo',
      kind: 'model_provider',
      criticality: 'critical',
      ownerId: olu.id,
      aiSystemIds: [],
      description: 'LLM API',
    });
    expect(supplier.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('the approver rejects a version from the inbox with a reason; the owner resubmits it from theirs; the approver approves', async () => {
    const approver = await signIn(browser, h.api.url, rita.token);
    await approver.goto(`${h.api.url}/ui/inbox`);
    await expectAccessible(approver, 'inbox with a document approval');
    const approval = taskOf(approver, 'Approve version 1 of "AI <policy>"');
    expect(await approval.count()).toBe(1);
    await approval.getByRole('radio', { name: 'Reject' }).check();
    await approval.getByLabel('If you reject it: the reason (it goes to the owner)').fill('Scope section missing');
    await submit(approval, approver, 'Decide');
    expect(await taskOf(approver, 'Approve version 1').count()).toBe(0);
    expect((await h.call('GET', `/documents/${policyId}`, pam.token)).body.status).not.toBe('approved');

    const owner = await signIn(browser, h.api.url, olu.token);
    await owner.goto(`${h.api.url}/ui/inbox`);
    const revision = taskOf(owner, 'Revise "AI <policy>"');
    expect(await revision.innerText()).toContain('Scope section missing');
    await revision.getByLabel('Link to the version (https://…)').fill('https://intranet.example.org/ai-policy-v2');
    await revision.getByLabel('What changed (or "reviewed, no change")').fill('Scope section added');
    await submit(revision, owner, 'Submit for approval');

    await approver.goto(`${h.api.url}/ui/inbox`);
    const second = taskOf(approver, 'Approve version 2 of "AI <policy>"');
    await second.getByRole('radio', { name: 'Approve' }).check();
    await submit(second, approver, 'Decide');
    const detail = (await h.call('GET', `/documents/${policyId}`, pam.token)).body;
    expect(detail.status).toBe('approved');
    expect(detail.currentVersion).toBe(2);
  });

  it('shows the registers and readiness as the API gives them, and takes an acknowledgement from the inbox', async () => {
    const page = await signIn(browser, h.api.url, pam.token);
    await page.goto(`${h.api.url}/ui/aims/${aimsId}/documents`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Document register');
    expect(await page.locator('main').innerText()).toContain('AI <policy>'); // escaped, shown as text
    await expectAccessible(page, 'document register');

    await page.goto(`${h.api.url}/ui/documents/${policyId}`);
    expect(await page.locator('main').innerText()).toContain('Scope section added');
    await expectAccessible(page, 'document page');

    await page.goto(`${h.api.url}/ui/aims/${aimsId}/suppliers`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Supplier register');
    expect(await page.locator('main').innerText()).toContain('ModelCo');
    await expectAccessible(page, 'supplier register');

    const readiness = (await h.call('GET', `/aims/${aimsId}/readiness`, pam.token)).body;
    await page.goto(`${h.api.url}/ui/aims/${aimsId}/readiness`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Readiness');
    expect(await page.locator('main').innerText()).toContain(String(readiness.overall));
    await expectAccessible(page, 'readiness');

    // The version named Pam as its reader: her inbox asks, and her confirmation is recorded.
    await page.goto(`${h.api.url}/ui/inbox`);
    const ack = taskOf(page, 'Read and acknowledge version 1 of "Acceptable use"');
    expect(await ack.count()).toBe(1);
    await submit(ack, page, 'I have read it');
    const acks = (await h.call('GET', `/documents/${rulesId}/acknowledgements?version=1`, pam.token)).body;
    expect(acks.acknowledged.map((a: { personId: string }) => a.personId)).toEqual([pam.id]);
    expect(acks.outstanding).toEqual([]);
  });

  it('retires a supplier from its page: its review is cancelled and the form is gone', async () => {
    const page = await signIn(browser, h.api.url, pam.token);
    await page.goto(`${h.api.url}/ui/suppliers/${supplier.body.id}`);
    await expectAccessible(page, 'supplier page');
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Retire the supplier' }) });
    await form.getByLabel('Reason').fill('Contract ended');
    await submit(form, page, 'Retire the supplier');
    expect(await page.locator('main').innerText()).toContain('The supplier is retired');
    expect(await page.getByRole('button', { name: 'Retire the supplier' }).count()).toBe(0);
    const detail = (await h.call('GET', `/suppliers/${supplier.body.id}`, pam.token)).body;
    expect(detail.status).toBe('retired');
    expect(detail.tasks.filter((t: { status: string }) => t.status === 'open')).toEqual([]);
  });
});
