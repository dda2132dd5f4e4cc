import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/accessibility';
import { launchChromium, signIn } from '../support/browser';
import { EngineHarness } from '../support/engine-harness';

// The document page in a real (headless) Chromium: the owner uploads a file (multipart, streamed
// to the API's own upload route), submits it as a new version with the page's version form (the
// API's own command), and after the approval a reader downloads the same bytes; a file the API
// refuses shows its reason and stores nothing. The page passes axe at laptop and phone widths.

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]);

describe('a document version uploaded from the document page', () => {
  let h: EngineHarness;
  let browser: Browser;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let olu: Person;
  let rita: Person;
  let ed: Person;
  let documentId: string;

  const submit = async (page: Page, name: string) => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name }).click()]);
  };

  beforeAll(async () => {
    [h, browser] = await Promise.all([EngineHarness.start(), launchChromium()]);
    await h.advanceTo('2027-09-06T08:00:00Z');
    const pam = await h.person('Pam', ['programme_manager']);
    olu = await h.person('Olu', ['action_owner']);
    rita = await h.person('Rita', ['management']);
    ed = await h.person('Ed', ['auditor']);
    const aimsId = (await h.call('POST', '/aims', pam.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pam.id })).body.id;
    const registered = await h.call('POST', `/aims/${aimsId}/documents`, pam.token, {
      title: 'AI policy',
      kind: 'policy',
      ownerId: olu.id,
      approverIds: [rita.id],
      addresses: ['5.2'],
    });
    expect(registered.status).toBe(201);
    documentId = registered.body.id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('uploads the file, submits it as the version, and serves the same bytes once approved', async () => {
    const page = await signIn(browser, h.api.url, olu.token);
    await page.goto(`${h.api.url}/ui/documents/${documentId}`);
    await expectAccessible(page, 'document page before any file');

    // A file the API refuses: its reason on the page, nothing stored.
    await page.getByLabel(/^File/).setInputFiles({ name: 'tool.pdf', mimeType: 'application/pdf', buffer: ELF });
    await submit(page, 'Upload');
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/application\/x-elf/);
    expect((await h.call('GET', `/documents/${documentId}/files`, olu.token)).body.items).toEqual([]);

    await page.getByLabel(/^File/).setInputFiles({ name: 'ai-policy-v1.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit(page, 'Upload');
    expect(page.url()).toBe(`${h.api.url}/ui/documents/${documentId}?done=document-file`);
    await expect(
      page
        .getByRole('row', { name: /ai-policy-v1\.pdf/ })
        .first()
        .textContent(),
    ).resolves.toContain(sha256(PDF));

    // The version form offers the stored file (chosen by default) and sends it to the API's own command.
    await page.getByLabel('What changed').fill('First issue');
    await submit(page, 'Submit for approval');
    expect(page.url()).toBe(`${h.api.url}/ui/documents/${documentId}?done=document-version`);
    const detail = (await h.call('GET', `/documents/${documentId}`, olu.token)).body;
    expect(detail.versions[0]).toMatchObject({ number: 1, status: 'in_review', link: null, changeSummary: 'First issue' });
    expect(detail.versions[0].file.sha256).toBe(sha256(PDF));
    await expectAccessible(page, 'document page with a version in review');
    await page.context().close();

    expect((await h.call('POST', `/documents/${documentId}/approve`, rita.token, {})).status).toBe(200);
    const reader = await signIn(browser, h.api.url, ed.token);
    await reader.goto(`${h.api.url}/ui/documents/${documentId}`);
    const version = reader.getByRole('table', { name: 'Versions' }).getByRole('row', { name: /First issue/ });
    await expect(version.textContent()).resolves.toContain(sha256(PDF));
    const [download] = await Promise.all([reader.waitForEvent('download'), version.getByRole('link', { name: 'ai-policy-v1.pdf' }).click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(PDF));
    await reader.context().close();
  });
});
