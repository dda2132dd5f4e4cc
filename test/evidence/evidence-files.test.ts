import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTrailChain } from '../../services/audit-trail-verification';
import { abortUploadHalfWay } from '../support/uploads';
import { EngineHarness } from '../support/engine-harness';

// Evidence as files (issue #14): uploaded to a case through the API, stored with its sha256,
// size and sniffed media type in PostgreSQL, downloaded by the case's readers only; a refused or
// aborted upload stores nothing.

const LIMIT = 64 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A small but real PDF (file-type knows it by its header). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082',
  'hex',
);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]);

describe('evidence files', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let owner: typeof pm;
  let aimsId: string;
  let caseId: string;

  const upload = (content: Buffer, filename: string, fields: Record<string, string> = {}, token = owner.token, declaredType = 'application/octet-stream') => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([content], { type: declaredType }), filename);
    return fetch(`${h.api.url}/cases/${caseId}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };
  const stored = async () => {
    const files = await h.db
      .selectFrom('evidence_files')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const blobs = await h.db
      .selectFrom('evidence_blobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return { files: Number(files.n), blobs: Number(blobs.n) };
  };

  beforeAll(async () => {
    h = await EngineHarness.start({ env: { EVIDENCE_MAX_BYTES: String(LIMIT) } });
    pm = await h.person('Petra', ['programme_manager']);
    owner = await h.person('Oskar', ['action_owner']);
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'Europe/Paris', holidayRegion: 'FR', programmeManagerId: pm.id })).body.id;
    const raised = await h.call('POST', '/cases', pm.token, {
      aimsId,
      title: 'Model card missing',
      source: 'monitoring',
      severity: 'minor',
      ownerId: owner.id,
    });
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('stores a file with its sha256, size and sniffed type, lists it, and gives the same bytes back', async () => {
    const response = await upload(PDF, 'containment-record.pdf', { step: 'containment' });
    expect(response.status).toBe(201);
    const file = (await response.json()) as Record<string, unknown>;
    expect(file).toMatchObject({
      aimsId,
      itemType: 'nc_case',
      itemId: caseId,
      step: 'containment',
      filename: 'containment-record.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
      sha256: sha256(PDF),
      uploadedBy: owner.id,
    });

    const list = await h.call('GET', `/cases/${caseId}/evidence`, pm.token);
    expect(list.body.items.map((f: { id: string }) => f.id)).toContain(file.id);

    const download = await fetch(`${h.api.url}/evidence/${String(file.id)}`, { headers: { authorization: `Bearer ${pm.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename=containment-record.pdf');
    expect(download.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(PDF).digest('base64')}:`);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(sha256(bytes)).toBe(sha256(PDF));

    // The upload is in the AIMS's trail, and the chain holds.
    const entry = await h.db.selectFrom('audit_trail').selectAll().where('entity_id', '=', String(file.id)).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ aims_id: aimsId, entity_type: 'evidence_file', action: 'uploaded', actor_id: owner.id });
    expect((await verifyTrailChain(h.db, aimsId)).intact).toBe(true);
  });

  it('takes the media type from the bytes, not from the name or the declared type', async () => {
    const response = await upload(PNG, 'screenshot.txt', {}, owner.token, 'text/plain');
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ mediaType: 'image/png', step: null, size: PNG.length });
    const csv = await upload(Buffer.from('id,title\n1,Model card\n'), 'Prüfbericht – register.csv');
    expect(await csv.json()).toMatchObject({ mediaType: 'text/csv', filename: 'Prüfbericht – register.csv' });
  });

  it('refuses an empty file, a type not accepted and a file over the limit with a 4xx naming the field, storing nothing', async () => {
    const before = await stored();
    const empty = await upload(Buffer.alloc(0), 'empty.pdf');
    expect(empty.status).toBe(422);
    expect(empty.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await empty.json()).toMatchObject({ detail: 'body.file: is empty' });

    const executable = await upload(ELF, 'report.pdf', {}, owner.token, 'application/pdf');
    expect(executable.status).toBe(415);
    expect(((await executable.json()) as { detail: string }).detail).toMatch(/^body\.file: its content is application\/x-elf/);

    const binary = await upload(Buffer.from([0, 1, 2, 3, 255, 254, 0, 9]), 'notes.txt');
    expect(binary.status).toBe(415);

    const justOver = await upload(Buffer.alloc(LIMIT + 1, 'a'), 'big.txt');
    expect(justOver.status).toBe(413);
    expect(await justOver.json()).toMatchObject({ detail: `body.file: larger than the ${LIMIT} bytes accepted` });

    const wayOver = await upload(Buffer.alloc(LIMIT * 40, 'a'), 'huge.txt');
    expect(wayOver.status).toBe(413);

    const badStep = await upload(PDF, 'x.pdf', { step: 'action:00000000-0000-4000-8000-000000000000' });
    expect(badStep.status).toBe(422);
    expect(((await badStep.json()) as { detail: string }).detail).toMatch(/^body\.step: no such action/);

    const notMultipart = await h.call('POST', `/cases/${caseId}/evidence`, owner.token, { file: 'text' });
    expect(notMultipart.status).toBe(415);

    // A C0 control breaks the part's header itself (400); a C1 control arrives and is refused by name.
    expect((await upload(PDF, 'bad\u0007name.pdf')).status).toBe(400);
    const controlName = await upload(PDF, 'bad\u0085name.pdf');
    expect(controlName.status).toBe(422);
    expect(((await controlName.json()) as { detail: string }).detail).toMatch(/^body\.file: its file name must not contain control characters/);

    expect(await stored()).toEqual(before);
  });

  it('stores nothing of an upload aborted half way', async () => {
    const before = await stored();
    await abortUploadHalfWay(`${h.api.url}/cases/${caseId}/evidence`, owner.token);
    expect(await stored()).toEqual(before);
    // The API is none the worse for it.
    expect((await h.call('GET', `/cases/${caseId}/evidence`, pm.token)).status).toBe(200);
  });

  it('refuses the download to a caller without access to the case, and to a file that does not exist', async () => {
    const file = (await (await upload(PDF, 'kept.pdf')).json()) as { id: string };
    expect((await fetch(`${h.api.url}/evidence/${file.id}`)).status).toBe(401);
    expect((await fetch(`${h.api.url}/evidence/${file.id}`, { headers: { authorization: 'Bearer aims_wrong' } })).status).toBe(401);
    const leaver = await h.person('Lea', ['auditor']);
    await h.db.updateTable('people').set({ active: false }).where('id', '=', leaver.id).execute();
    expect((await fetch(`${h.api.url}/evidence/${file.id}`, { headers: { authorization: `Bearer ${leaver.token}` } })).status).toBe(401);
    const missing = await fetch(`${h.api.url}/evidence/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${pm.token}` } });
    expect(missing.status).toBe(404);
    // Uploading is for the people who work on cases: an admin may not add evidence.
    const admin = await h.person('Ada', ['admin']);
    expect((await upload(PDF, 'x.pdf', {}, admin.token)).status).toBe(403);
  });
});
