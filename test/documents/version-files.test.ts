import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../domain/roles';
import { verifyTrailChain } from '../../services/audit-trail-verification';
import { newAimsMember, newMember, newOrganisation } from '../access/seed-organisation';
import { EngineHarness } from '../support/engine-harness';

// A document's version as a stored file (issue #16): uploaded to the document through the one
// evidence store (its limits, sniffing and sha256; a refused file leaves nothing), submitted as
// the version by its id, approved, and downloaded by the document's readers with the same
// sha256; nobody without a role on the AIMS learns that the document or its file exists.

const LIMIT = 64 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]);
/** A PDF just over the limit: its type is accepted, its size is not. */
const BIG_PDF = Buffer.concat([PDF, Buffer.alloc(LIMIT, 0x20)]);

describe('document versions as stored files', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let owner: Person;
  let approver: Person;
  let reader: Person;
  let aimsId: string;
  let documentId: string;
  let fileId: string;

  const upload = (content: Buffer, filename: string, token = owner.token, id = documentId) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'application/octet-stream' }), filename);
    return fetch(`${h.api.url}/documents/${id}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };
  /** Everything a refused upload or version must leave as it was. */
  const record = async () => ({
    files: await h.db.selectFrom('evidence_files').selectAll().orderBy('id').execute(),
    blobs: await h.db.selectFrom('evidence_blobs').select('file_id').orderBy('file_id').execute(),
    trail: await h.db.selectFrom('audit_trail').select('id').orderBy('id').execute(),
    document: await h.db.selectFrom('documents').select(['version', 'versions', 'status']).where('id', '=', documentId).executeTakeFirstOrThrow(),
  });

  beforeAll(async () => {
    h = await EngineHarness.start({ env: { EVIDENCE_MAX_BYTES: String(LIMIT) } });
    await h.advanceTo('2027-01-04T09:00:00Z');
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    owner = await h.person('Olaf', ['action_owner'], { timeZone: 'Europe/Berlin' });
    approver = await h.person('Mia', ['management'], { timeZone: 'Europe/Berlin' });
    reader = await h.person('Ed', ['auditor'], { timeZone: 'Europe/Berlin' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', programmeManagerId: pm.id })).body.id;
    const registered = await h.call('POST', `/aims/${aimsId}/documents`, pm.token, {
      title: 'AI policy',
      kind: 'policy',
      ownerId: owner.id,
      approverIds: [approver.id],
      addresses: ['5.2'],
    });
    expect(registered.status).toBe(201);
    documentId = registered.body.id;
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('stores the uploaded file, submits it as a version, and serves the same bytes with the same sha256 after approval', async () => {
    const stored = await upload(PDF, 'AI policy v1.pdf');
    expect(stored.status).toBe(201);
    const file = (await stored.json()) as { id: string; sha256: string };
    expect(file).toMatchObject({ itemType: 'document', itemId: documentId, filename: 'AI policy v1.pdf', mediaType: 'application/pdf', size: PDF.length });
    expect(file.sha256).toBe(sha256(PDF));
    fileId = file.id;

    const submitted = await h.call('POST', `/documents/${documentId}/versions`, owner.token, { fileId, changeSummary: 'First version' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.versions[0]).toMatchObject({ number: 1, link: null, status: 'in_review' });
    expect(submitted.body.versions[0].file).toEqual({
      id: fileId,
      filename: 'AI policy v1.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
      sha256: sha256(PDF),
      href: `/evidence/${fileId}`,
    });
    expect((await h.call('POST', `/documents/${documentId}/approve`, approver.token, {})).status).toBe(200);
    const approved = (await h.call('GET', `/documents/${documentId}`, reader.token)).body;
    expect(approved).toMatchObject({ status: 'approved', currentVersion: 1 });
    expect(approved.versions[0].file.sha256).toBe(sha256(PDF));

    // Any reader of the document downloads it: the same bytes, the hash in Repr-Digest.
    const download = await fetch(`${h.api.url}${approved.versions[0].file.href}`, { headers: { authorization: `Bearer ${reader.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(sha256(PDF), 'hex').toString('base64')}:`);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(PDF));
    const listed = await h.call('GET', `/documents/${documentId}/files`, reader.token);
    expect(listed.body.items.map((f: { id: string; sha256: string }) => [f.id, f.sha256])).toEqual([[fileId, sha256(PDF)]]);
    // The upload and the submission are in the AIMS's trail, and the chain holds.
    const trail = await h.db.selectFrom('audit_trail').select(['action', 'after']).where('aims_id', '=', aimsId).orderBy('chain_seq').execute();
    expect(trail.some((e) => e.action === 'uploaded' && (e.after as { sha256: string }).sha256 === sha256(PDF))).toBe(true);
    expect(trail.some((e) => e.action === 'version_submitted' && (e.after as { fileId?: string }).fileId === fileId)).toBe(true);
    expect((await verifyTrailChain(h.db, aimsId)).intact).toBe(true);
  });

  it('refuses a file too large, empty or of a type not accepted, and stores nothing', async () => {
    const before = await record();
    const big = await upload(BIG_PDF, 'big.pdf');
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['body.file']);
    const empty = await upload(Buffer.alloc(0), 'empty.pdf');
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { detail: string }).detail).toMatch(/body\.file: is empty/);
    const elf = await upload(ELF, 'tool.pdf');
    expect(elf.status).toBe(415);
    expect(((await elf.json()) as { detail: string }).detail).toMatch(/application\/x-elf/);
    expect(await record()).toEqual(before);
  });

  it('refuses a version naming no file of this document, or both a file and a link, and changes nothing', async () => {
    const other = await h.call('POST', `/aims/${aimsId}/documents`, pm.token, {
      title: 'Other',
      kind: 'procedure',
      ownerId: owner.id,
      approverIds: [approver.id],
    });
    const elsewhere = (await (await upload(PDF, 'other.pdf', owner.token, other.body.id)).json()) as { id: string };
    const before = await record();
    const foreign = await h.call('POST', `/documents/${documentId}/versions`, owner.token, { fileId: elsewhere.id, changeSummary: 'Wrong file' });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.fileId']);
    const both = await h.call('POST', `/documents/${documentId}/versions`, owner.token, {
      fileId,
      link: 'https://intranet.example.org/p',
      changeSummary: 'Both',
    });
    expect(both.status).toBe(422);
    const neither = await h.call('POST', `/documents/${documentId}/versions`, owner.token, { changeSummary: 'Neither' });
    expect(neither.status).toBe(422);
    // Uploading is the owner's or a programme manager's: an approver is refused, nothing stored.
    expect((await upload(PDF, 'mine.pdf', approver.token)).status).toBe(403);
    expect(await record()).toEqual(before);
  });

  it('answers 404 to a person without access to the AIMS, as for an unknown id', async () => {
    const stranger = await newMember(h.db, await newOrganisation(h.db, 'Other Ltd'), [...ROLES], 'stranger');
    const otherAims = (await h.call('POST', '/aims', pm.token, { name: 'Second AIMS', timeZone: 'Europe/Berlin', programmeManagerId: pm.id })).body.id;
    const narrowed = await newAimsMember(
      h.db,
      (await h.db.selectFrom('aims').select('organisation_id').where('id', '=', otherAims).executeTakeFirstOrThrow()).organisation_id,
      otherAims,
    );
    const before = await record();
    for (const outsider of [stranger, narrowed]) {
      const auth = { authorization: `Bearer ${outsider.token}` };
      expect((await fetch(`${h.api.url}/evidence/${fileId}`, { headers: auth })).status).toBe(404);
      expect((await fetch(`${h.api.url}/documents/${documentId}/files`, { headers: auth })).status).toBe(404);
      expect((await upload(PDF, 'intruder.pdf', outsider.token)).status).toBe(404);
      expect((await h.call('GET', `/documents/${documentId}`, outsider.token)).status).toBe(404);
    }
    expect(await record()).toEqual(before);
  });
});
