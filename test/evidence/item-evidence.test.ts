import { seedCertification } from '../support/seed-records';
import { createHash, randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../services/evidence-package/build-package';
import { postgresEvidenceStore } from '../../services/evidence-store';
import { newMember, newOrganisation, seedAims, type Member, type SeededAims } from '../access/seed-organisation';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { timeSkippingEnv } from '../support/temporal';
import { webSession } from '../support/web-session';

// Evidence files on the other steps that take evidence (issue #14): internal audit checklist
// results, management review inputs, external audit outcomes (the certification), AI system
// assessments and supplier reviews, through the same route factory as cases: uploaded with a
// step the item accepts, listed with the item, downloaded with the item's authorisation, and in
// the evidence package beside the items it lists.

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]);

describe('evidence files on audits, reviews, the certification, AI systems and suppliers', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let api: Awaited<ReturnType<typeof startApi>>;
  let pm: Member, owner: Member, auditor: Member, admin: Member, stranger: Member;
  let seeded: SeededAims;
  const uploaded = new Map<string, { id: string; content: Buffer }>();

  /** The item kinds, each with its upload path, a step it accepts and one it refuses. */
  const kinds = () => [
    { kind: 'audit', path: `/audits/${seeded.audit}/evidence`, itemType: 'audit', itemId: seeded.audit, step: 'result:4.1', wrong: 'result:9.9' },
    { kind: 'review', path: `/reviews/${seeded.review}/evidence`, itemType: 'review', itemId: seeded.review, step: 'input:b', wrong: 'input:f' },
    {
      kind: 'certification',
      path: `/aims/${seeded.aims}/certification/evidence`,
      itemType: 'certification',
      itemId: seeded.aims,
      step: 'stage2',
      wrong: 'stage3',
    },
    {
      kind: 'ai-system',
      path: `/ai-systems/${seeded['ai-system']}/evidence`,
      itemType: 'ai_system',
      itemId: seeded['ai-system'],
      step: 'impact',
      wrong: 'bias',
    },
    { kind: 'supplier', path: `/suppliers/${seeded.supplier}/evidence`, itemType: 'supplier', itemId: seeded.supplier, step: 'review', wrong: 'audit' },
  ];
  const upload = (path: string, content: Buffer, filename: string, token: string, step?: string) => {
    const form = new FormData();
    if (step !== undefined) form.append('step', step);
    form.append('file', new Blob([content]), filename);
    return fetch(`${api.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };
  const get = (path: string, token: string) => fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const stored = async () => ({
    rows: (await postgres.db.selectFrom('evidence_files').select('id').execute()).length,
    blobs: (await postgres.db.selectFrom('evidence_blobs').select('file_id').execute()).length,
  });

  beforeAll(async () => {
    [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
    api = await startApi(postgres.db, env.client);
    const db = postgres.db;
    const org = await newOrganisation(db, 'Evidence Co');
    pm = await newMember(db, org, ['programme_manager'], 'pm');
    owner = await newMember(db, org, ['action_owner'], 'owner');
    auditor = await newMember(db, org, ['auditor'], 'auditor');
    admin = await newMember(db, org, ['admin'], 'admin');
    stranger = await newMember(db, await newOrganisation(db, 'Elsewhere'), ['programme_manager', 'auditor', 'action_owner', 'management'], 'stranger');
    seeded = await seedAims(db, org, pm.id, owner.id);
    await seedCertification(db, seeded.aims, { cycle: 1, certification_body: 'Cert Body' });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
    await postgres?.drop();
  });

  it('stores a file for a step of each item, lists it with the item and gives the same bytes back to its readers', async () => {
    for (const k of kinds()) {
      const content = pdf(`${k.kind} evidence`);
      // Audits take their auditors' evidence; the other items their people's (here the programme manager's).
      const response = await upload(k.path, content, `${k.kind}-evidence.pdf`, k.kind === 'audit' ? auditor.token : pm.token, k.step);
      expect(response.status, `${k.kind}: ${await response.clone().text()}`).toBe(201);
      const file = (await response.json()) as { id: string; itemType: string; itemId: string; step: string; sha256: string; mediaType: string };
      expect(file).toMatchObject({ itemType: k.itemType, itemId: k.itemId, step: k.step, sha256: sha256(content), mediaType: 'application/pdf' });
      uploaded.set(k.kind, { id: file.id, content });

      const list = (await (await get(k.path, owner.token)).json()) as { items: { id: string }[] };
      expect(list.items.map((f) => f.id)).toEqual([file.id]);
      const download = await get(`/evidence/${file.id}`, owner.token);
      expect(download.status).toBe(200);
      expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(content));
    }
    // The trail records each upload on the AIMS's chain.
    const trail = await postgres.db
      .selectFrom('audit_trail')
      .select('entity_id')
      .where('entity_type', '=', 'evidence_file')
      .where('aims_id', '=', seeded.aims)
      .execute();
    expect(trail.map((t) => t.entity_id)).toEqual(expect.arrayContaining([...uploaded.values()].map((u) => u.id)));
  });

  it('refuses a step the item does not have, a type not accepted and an uploader the item does not take, storing nothing', async () => {
    const before = await stored();
    for (const k of kinds()) {
      const token = k.kind === 'audit' ? auditor.token : pm.token;
      const wrongStep = await upload(k.path, pdf('x'), 'x.pdf', token, k.wrong);
      expect(wrongStep.status, k.kind).toBe(422);
      expect(((await wrongStep.json()) as { detail: string }).detail).toMatch(/^body\.step: /);
      expect((await upload(k.path, ELF, 'x.pdf', token, k.step)).status, k.kind).toBe(415);
      // Admins manage people, not the record's items.
      expect((await upload(k.path, pdf('x'), 'x.pdf', admin.token)).status, k.kind).toBe(403);
    }
    // Checklist results are the auditors' and the programme manager's; external audit outcomes the programme manager's.
    expect((await upload(`/audits/${seeded.audit}/evidence`, pdf('x'), 'x.pdf', owner.token)).status).toBe(403);
    expect((await upload(`/aims/${seeded.aims}/certification/evidence`, pdf('x'), 'x.pdf', owner.token)).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it("uploads from each item's page through the API's route, and lists the files there", async () => {
    const session = await webSession(api.url, pm.token);
    for (const [page, step] of [
      [`/ui/reviews/${seeded.review}`, 'minutes'],
      [`/ui/aims/${seeded.aims}/certification`, 'surveillance-1'],
      [`/ui/suppliers/${seeded.supplier}`, 'review'],
    ] as const) {
      const form = new FormData();
      form.append('step', step);
      form.append('file', new Blob([pdf(`${page} page`)]), 'from-the-page.pdf');
      const posted = await fetch(`${api.url}${page}/evidence`, {
        method: 'POST',
        headers: { cookie: session.cookie, origin: api.url },
        body: form,
        redirect: 'manual',
      });
      expect(posted.status, page).toBe(303);
      expect(posted.headers.get('location')).toBe(`${page}?done=evidence`);
      const shown = await (await fetch(`${api.url}${page}`, { headers: { cookie: session.cookie } })).text();
      expect(shown).toContain('from-the-page.pdf');
      expect(shown).toContain(`action="${page}/evidence"`);
      // A step the route refuses comes back on the page with the API's reason.
      const wrong = new FormData();
      wrong.append('step', 'nonsense');
      wrong.append('file', new Blob([pdf('x')]), 'x.pdf');
      const refused = await fetch(`${api.url}${page}/evidence`, { method: 'POST', headers: { cookie: session.cookie, origin: api.url }, body: wrong });
      expect(refused.status, page).toBe(422);
      expect(await refused.text()).toContain('step: must be one of');
    }
  });

  it("refuses a retired AI system's or supplier's uploads, keeping their files readable", async () => {
    await postgres.db.updateTable('ai_systems').set({ status: 'retired' }).where('id', '=', seeded['ai-system']).execute();
    await postgres.db.updateTable('suppliers').set({ status: 'retired' }).where('id', '=', seeded.supplier).execute();
    expect((await upload(`/ai-systems/${seeded['ai-system']}/evidence`, pdf('x'), 'x.pdf', pm.token)).status).toBe(409);
    expect((await upload(`/suppliers/${seeded.supplier}/evidence`, pdf('x'), 'x.pdf', pm.token)).status).toBe(409);
    expect((await get(`/evidence/${uploaded.get('supplier')!.id}`, owner.token)).status).toBe(200);
  });

  it("refuses the list and the download to anyone outside the item's AIMS, as an unknown id", async () => {
    for (const k of kinds()) {
      expect((await get(k.path, stranger.token)).status, k.kind).toBe(404);
      expect((await get(`/evidence/${uploaded.get(k.kind)!.id}`, stranger.token)).status, k.kind).toBe(404);
      expect((await upload(k.path, pdf('x'), 'x.pdf', stranger.token, k.step)).status, k.kind).toBe(404);
    }
    expect((await get(`/audits/${randomUUID()}/evidence`, pm.token)).status).toBe(404);
  });

  it('puts the files of the audits, reviews and certification it lists in the evidence package, and not those of items it does not list', async () => {
    const built = await buildPackage(postgres.db, postgresEvidenceStore, {
      aimsId: seeded.aims,
      kind: 'surveillance',
      asOf: new Date('2027-06-01T00:00:00Z'),
      periodStart: '2026-01-01',
    });
    const archive = await JSZip.loadAsync(built.zip);
    const names = Object.keys(archive.files).filter((n) => !archive.files[n]!.dir);
    const bytesOf = async (pattern: RegExp) => {
      const name = names.find((n) => pattern.test(n));
      expect(name, `${pattern} in ${names.join(', ')}`).toBeDefined();
      return sha256(await archive.files[name!]!.async('uint8array'));
    };
    expect(await bytesOf(/^internal-audits\/IA-\d+\/.*-audit-evidence\.pdf$/)).toBe(sha256(uploaded.get('audit')!.content));
    expect(await bytesOf(/^management-reviews\/[^/]+\/.*-review-evidence\.pdf$/)).toBe(sha256(uploaded.get('review')!.content));
    expect(await bytesOf(/^certification-record\/.*-certification-evidence\.pdf$/)).toBe(sha256(uploaded.get('certification')!.content));
    expect(names.some((n) => /ai-system-evidence|supplier-evidence/.test(n))).toBe(false);
    const manifest = JSON.parse(await archive.files['manifest.json']!.async('string')) as { files: { path: string; what: string }[] };
    // Each file says what it evidences: the certification's stage 2 outcome (from the API) and surveillance 1's (from the page).
    const certificationFiles = manifest.files.filter((f) => f.path.startsWith('certification-record/')).map((f) => f.what.replace(/, uploaded .*$/, ''));
    expect(certificationFiles.sort()).toEqual(['evidence of the certification (stage2)', 'evidence of the certification (surveillance-1)']);
  });
});
