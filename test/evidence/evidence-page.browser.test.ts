import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAims } from '../access/seed-organisation';
import { expectAccessible } from '../support/accessibility';
import { launchChromium, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// The case page's evidence: a person uploads a file through the form (multipart, streamed to the
// API's own route), sees it listed with its hash, and downloads the same bytes; a refused file
// shows the API's reason on the page. A multipart post without an Origin is refused (CSRF).

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('evidence on the case page', () => {
  let h: EngineHarness;
  let browser: Browser;
  let owner: Awaited<ReturnType<EngineHarness['person']>>;
  let caseId: string;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    pm = await h.person('Petra', ['programme_manager']);
    owner = await h.person('Oskar', ['action_owner']);
    const aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'Europe/Paris', holidayRegion: 'FR', programmeManagerId: pm.id })).body
      .id;
    caseId = (await h.call('POST', '/cases', pm.token, { aimsId, title: 'Model card missing', source: 'monitoring', severity: 'minor', ownerId: owner.id }))
      .body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('uploads through the form, lists the file with its hash, and downloads the same bytes', async () => {
    const page = await signIn(browser, h.api.url, owner.token);
    await page.goto(`${h.api.url}/ui/cases/${caseId}`);
    await page.getByLabel('For').selectOption('containment');
    await page.getByLabel(/^File/).setInputFiles({ name: 'containment.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe(`${h.api.url}/ui/cases/${caseId}?done=evidence`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('stored with its SHA-256');
    const row = page.getByRole('row', { name: /containment\.pdf/ });
    await expect(row.textContent()).resolves.toContain(sha256(PDF));
    await expect(row.textContent()).resolves.toContain('Containment and correction');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'containment.pdf' }).click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(PDF));

    // A file the API refuses: its reason beside the form, nothing stored.
    await page
      .getByLabel(/^File/)
      .setInputFiles({ name: 'tool.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(60).fill(0)]) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/application\/x-elf/);
    expect((await h.call('GET', `/cases/${caseId}/evidence`, owner.token)).body.items).toHaveLength(1);
    await page.context().close();
  });

  it("uploads a checklist result's evidence on the audit page, which lists it and stays accessible", async () => {
    const person = await h.db.selectFrom('people').select('organisation_id').where('id', '=', pm.id).executeTakeFirstOrThrow();
    const { audit } = await seedAims(h.db, person.organisation_id, pm.id, owner.id);
    const page = await signIn(browser, h.api.url, pm.token);
    await page.goto(`${h.api.url}/ui/audits/${audit}`);
    await page.getByLabel('For').selectOption('result:4.1');
    await page.getByLabel(/^File/).setInputFiles({ name: 'interviews.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe(`${h.api.url}/ui/audits/${audit}?done=evidence`);
    const row = page.getByRole('row', { name: /interviews\.pdf/ });
    await expect(row.textContent()).resolves.toContain(sha256(PDF));
    await expect(row.textContent()).resolves.toContain('Result for 4.1');
    await expectAccessible(page, 'audit page with its evidence');
    expect((await h.call('GET', `/audits/${audit}/evidence`, pm.token)).body.items).toHaveLength(1);
    await page.context().close();
  });

  it('refuses a multipart post to a page without an Origin naming this site', async () => {
    const page = await signIn(browser, h.api.url, owner.token);
    const cookies = await page.context().cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const form = new FormData();
    form.append('file', new Blob([PDF]), 'forged.pdf');
    const forged = await fetch(`${h.api.url}/ui/cases/${caseId}/evidence`, { method: 'POST', headers: { cookie }, body: form, redirect: 'manual' });
    expect(forged.status).toBe(403);
    const foreign = await fetch(`${h.api.url}/ui/cases/${caseId}/evidence`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example' },
      body: form,
      redirect: 'manual',
    });
    expect(foreign.status).toBe(403);
    expect((await h.call('GET', `/cases/${caseId}/evidence`, owner.token)).body.items).toHaveLength(1);
    await page.context().close();
  });
});
