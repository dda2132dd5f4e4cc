import { createHash, randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../services/evidence-package/build-package';
import { storeEvidence } from '../../services/evidence-files';
import { sweepOrphanEvidence } from '../../services/evidence-orphan-sweep';
import { postgresEvidenceStore } from '../../services/evidence-store';
import { createS3EvidenceStore, type S3EvidenceStore, type S3Settings } from '../../services/s3-evidence-store';
import { newMember, newOrganisation } from '../access/seed-organisation';
import { abortUploadHalfWay } from '../support/uploads';
import { EngineHarness } from '../support/engine-harness';
import { startMinio, type Minio } from '../support/minio';

// The S3 evidence store (issue #14) against a real S3-compatible server, MinIO built from the Go
// module proxy (scripts/provision-minio.sh): the engine runs with EVIDENCE_STORE=s3; uploads put
// one object per file, downloads stream from it with the same authorisation and Repr-Digest, a
// refused, aborted or failed upload leaves no object and no row, the sweep removes what a crash
// would leave, and the evidence package is the same bytes whichever store holds the files.

const LIMIT = 64 * 1024;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]);
const quiet = { warn: () => {} };

describe('evidence in an S3-compatible store', () => {
  let minio: Minio;
  let h: EngineHarness;
  let store: S3EvidenceStore;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let owner: typeof pm;
  let aimsId: string;
  let caseId: string;
  const kept: { id: string; content: Buffer }[] = [];

  const upload = (content: Buffer, filename: string, fields: Record<string, string> = {}, token = owner.token) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([content]), filename);
    return fetch(`${h.api.url}/cases/${caseId}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };
  const download = (id: string, token: string) => fetch(`${h.api.url}/evidence/${id}`, { headers: { authorization: `Bearer ${token}` } });
  /** What is stored anywhere: metadata rows, PostgreSQL blobs, objects in the bucket. */
  const stored = async () => ({
    rows: (await h.db.selectFrom('evidence_files').select('id').execute()).length,
    blobs: (await h.db.selectFrom('evidence_blobs').select('file_id').execute()).length,
    objects: await minio.keys(),
  });

  beforeAll(async () => {
    minio = await startMinio();
    h = await EngineHarness.start({ env: { ...minio.env, EVIDENCE_MAX_BYTES: String(LIMIT) } });
    const settings = h.api.config.evidence.store as S3Settings;
    store = createS3EvidenceStore(
      settings,
      { s3Credentials: { accessKeyId: minio.env.EVIDENCE_S3_ACCESS_KEY_ID!, secretAccessKey: minio.env.EVIDENCE_S3_SECRET_ACCESS_KEY! } },
      quiet,
    );
    pm = await h.person('Petra', ['programme_manager', 'management']);
    owner = await h.person('Oskar', ['action_owner']);
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'S3 AIMS', timeZone: 'Europe/Paris', holidayRegion: 'FR', programmeManagerId: pm.id })).body.id;
    const raised = await h.call('POST', '/cases', pm.token, {
      aimsId,
      title: 'Model card missing',
      source: 'monitoring',
      severity: 'minor',
      ownerId: owner.id,
    });
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
  }, 180_000);
  afterAll(async () => {
    store?.close();
    await h?.stop();
    await minio?.stop();
  });

  it('reports the S3 store ready', async () => {
    const ready = await fetch(`${h.api.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok', temporal: 'ok', evidenceStore: 'ok' }, evidenceStore: 's3' });
  });

  it('puts one object per file under its AIMS and file id, and streams back the same bytes with their digest', async () => {
    const text = Buffer.from('Containment: the model was withdrawn on the day.\n'.repeat(200));
    for (const [content, name, step] of [
      [PDF, 'containment-record.pdf', 'containment'],
      [text, 'notes.txt', 'containment'],
    ] as const) {
      const response = await upload(content, name, { step });
      expect(response.status).toBe(201);
      const file = (await response.json()) as { id: string; sha256: string; size: number };
      expect(file).toMatchObject({ sha256: sha256(content), size: content.length, step });
      kept.push({ id: file.id, content });
    }
    const rows = await h.db.selectFrom('evidence_files').selectAll().where('item_id', '=', caseId).execute();
    expect(rows.map((r) => r.store)).toEqual(['s3', 's3']);
    // The bytes are in the bucket, not in PostgreSQL, under <prefix><aims id>/<file id>.
    const now = await stored();
    expect(now.blobs).toBe(0);
    expect(now.objects).toEqual(kept.map((k) => `evidence/${aimsId}/${k.id}`).sort());
    for (const k of kept) expect(sha256(await minio.object(`evidence/${aimsId}/${k.id}`))).toBe(sha256(k.content));

    for (const k of kept) {
      const response = await download(k.id, pm.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(k.content).digest('base64')}:`);
      expect(response.headers.get('content-length')).toBe(String(k.content.length));
      expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(k.content));
    }
  });

  it('refuses an empty file, a type not accepted, a file over the limit and a wrong step, leaving no object and no row', async () => {
    const before = await stored();
    expect((await upload(Buffer.alloc(0), 'empty.pdf')).status).toBe(422);
    expect((await upload(ELF, 'report.pdf')).status).toBe(415);
    expect((await upload(Buffer.alloc(LIMIT + 1, 'a'), 'big.txt')).status).toBe(413);
    expect((await upload(Buffer.alloc(LIMIT * 20, 'a'), 'huge.txt')).status).toBe(413);
    expect((await upload(PDF, 'x.pdf', { step: `action:${randomUUID()}` })).status).toBe(422);
    expect(await stored()).toEqual(before);
  });

  it('leaves nothing of an upload aborted half way', async () => {
    const before = await stored();
    await abortUploadHalfWay(`${h.api.url}/cases/${caseId}/evidence`, owner.token);
    expect(await stored()).toEqual(before);
  });

  it('deletes the object at once when the metadata transaction fails after the put', async () => {
    const before = await stored();
    // An AIMS that does not exist: the row's foreign key fails the transaction after the object was put.
    const failing = storeEvidence(
      h.db,
      store,
      { aimsId: randomUUID(), itemType: 'nc_case', itemId: caseId, step: null, filename: 'late.pdf', content: PDF },
      owner,
      new Date(),
    );
    await expect(failing).rejects.toThrow(/foreign key/);
    expect(await stored()).toEqual(before);
  });

  it('sweeps objects left without a row once they are old enough, and nothing else', async () => {
    const orphan = `evidence/${aimsId}/${randomUUID()}`;
    const foreign = 'evidence/readme.txt';
    await minio.put(orphan, PDF);
    await minio.put(foreign, Buffer.from('not an evidence file'));
    // Younger than the age given: its upload might still be committing.
    expect((await sweepOrphanEvidence(h.db, store, new Date(Date.now() - 60 * 60_000))).deleted).toEqual([]);
    const swept = await sweepOrphanEvidence(h.db, store, new Date(Date.now() + 5_000));
    expect(swept.deleted).toEqual([orphan]);
    expect(await minio.keys()).toEqual([...kept.map((k) => `evidence/${aimsId}/${k.id}`), foreign].sort());
    // The files that have rows are untouched.
    expect(sha256(Buffer.from(await (await download(kept[0]!.id, pm.token)).arrayBuffer()))).toBe(sha256(kept[0]!.content));
  });

  it('refuses the download to callers without access to the case, as for the case itself', async () => {
    const id = kept[0]!.id;
    expect((await fetch(`${h.api.url}/evidence/${id}`)).status).toBe(401);
    // Another organisation's member, holding every role there: the same 404 as an unknown file.
    const stranger = await newMember(h.db, await newOrganisation(h.db, 'Elsewhere'), ['programme_manager', 'auditor', 'management'], 'stranger');
    const refused = await download(id, stranger.token);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await h.call('GET', `/cases/${caseId}`, stranger.token)).status).toBe(404);
  });

  it('builds the evidence package and the organisation archive from the files in S3, the package with the same bytes as from PostgreSQL', async () => {
    const started = await h.call('POST', `/aims/${aimsId}/evidence-packages`, pm.token, { kind: 'stage1' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const deadline = Date.now() + 90_000;
    let built: { id: string; status: string; sha256: string };
    for (;;) {
      built = (await h.call('GET', `/aims/${aimsId}/evidence-packages/${started.body.id}`, pm.token)).body;
      if (built.status !== 'building') break;
      if (Date.now() > deadline) throw new Error('the package was not built in time');
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(built.status, JSON.stringify(built)).toBe('built');
    const zip = Buffer.from(
      await (
        await fetch(`${h.api.url}/aims/${aimsId}/evidence-packages/${built.id}/package.zip`, { headers: { authorization: `Bearer ${pm.token}` } })
      ).arrayBuffer(),
    );
    expect(sha256(zip)).toBe(built.sha256);
    // The worker read every file from the bucket: the ZIP holds each one's uploaded bytes.
    const archive = await JSZip.loadAsync(zip);
    const evidence = await Promise.all(
      Object.keys(archive.files)
        .filter((n) => n.startsWith('nc-register/NC-1/'))
        .map(async (n) => sha256(await archive.files[n]!.async('uint8array'))),
    );
    expect(evidence.sort()).toEqual(kept.map((k) => sha256(k.content)).sort());

    // The organisation's archive reads the same files from the bucket.
    const admin = await h.person('Ada', ['admin']);
    const aims = await h.db.selectFrom('aims').select('organisation_id').where('id', '=', aimsId).executeTakeFirstOrThrow();
    const archived = await fetch(`${h.api.url}/organisations/${aims.organisation_id}/archive.zip`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(archived.status).toBe(200);
    const whole = await JSZip.loadAsync(Buffer.from(await archived.arrayBuffer()));
    const inArchive = await Promise.all(
      Object.keys(whole.files)
        .filter((n) => /^aims\/[^/]+\/nc-register\/NC-1\//.test(n))
        .map(async (n) => sha256(await whole.files[n]!.async('uint8array'))),
    );
    expect(inArchive.sort()).toEqual(kept.map((k) => sha256(k.content)).sort());

    // The same record with the same files kept in PostgreSQL instead gives the same ZIP.
    const row = await h.db.selectFrom('evidence_packages').selectAll().where('id', '=', built.id).executeTakeFirstOrThrow();
    for (const k of kept) {
      await h.db.insertInto('evidence_blobs').values({ file_id: k.id, content: k.content }).execute();
      await h.db.updateTable('evidence_files').set({ store: 'postgres' }).where('id', '=', k.id).execute();
    }
    const fromPostgres = await buildPackage(h.db, postgresEvidenceStore, { aimsId, kind: row.kind, asOf: row.as_of, periodStart: row.period_start });
    expect(fromPostgres.sha256).toBe(built.sha256);
    // A file kept in PostgreSQL before the switch to S3 still downloads through the S3-configured engine.
    expect(sha256(Buffer.from(await (await download(kept[1]!.id, owner.token)).arrayBuffer()))).toBe(sha256(kept[1]!.content));
  });

  it("removes a file's object for an organisation's erasure, and asking again is harmless", async () => {
    const content = Buffer.from('Erased with its organisation.\n');
    const response = await upload(content, 'erased.txt', { step: 'containment' });
    expect(response.status).toBe(201);
    const id = ((await response.json()) as { id: string }).id;
    const file = await h.db.selectFrom('evidence_files').select(['id', 'aims_id', 'store']).where('id', '=', id).executeTakeFirstOrThrow();
    const key = `evidence/${aimsId}/${id}`;
    expect(await minio.keys()).toContain(key);
    expect(await store.remove(h.db, [file])).toBe(1);
    expect(await minio.keys()).not.toContain(key);
    // A resumed erasure asks again: the object is gone already, which is no error.
    await store.remove(h.db, [file]);
    await h.db.deleteFrom('evidence_files').where('id', '=', id).execute();
    expect(await minio.keys()).toEqual(expect.arrayContaining(kept.map((k) => `evidence/${aimsId}/${k.id}`)));
  });

  it('answers /readyz 503 naming the store while the S3 server is down, and refuses uploads with 503 storing nothing', async () => {
    const rows = (await h.db.selectFrom('evidence_files').select('id').execute()).length;
    await minio.stop();
    const ready = await fetch(`${h.api.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { detail: string }).detail).toMatch(/^evidence store \(s3\): /);
    const refused = await upload(PDF, 'while-down.pdf');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await h.db.selectFrom('evidence_files').select('id').execute()).length).toBe(rows);
  });
});
