import { createHash, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMember, newOrganisation, seedAims, type SeededAims } from '../access/seed-organisation';
import { EngineHarness } from '../support/engine-harness';

// The organisation archive (issue #14, #17 "Leaving"): one ZIP of everything of an organisation.
// Organisation A has two AIMS with cases and evidence; organisation B, on the same deployment,
// has its own AIMS, case, evidence and people. A's archive holds every AIMS of A with its items,
// A's people and memberships, and nothing of B (read back with JSZip and pdf.js, not the writers).

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function textOf(path: string, bytes: Uint8Array): Promise<string> {
  if (!path.endsWith('.pdf')) return Buffer.from(bytes).toString('utf8');
  return (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text;
}

describe('the organisation archive', () => {
  let h: EngineHarness;
  let admin: Awaited<ReturnType<EngineHarness['person']>>;
  let pm: typeof admin;
  let owner: typeof admin;
  const aimsOfA: { id: string; name: string; caseTitle: string }[] = [];
  let organisationA: string;
  let b: SeededAims;
  let bPeople: { id: string; token: string }[];
  let files: Map<string, Uint8Array>;

  beforeAll(async () => {
    h = await EngineHarness.start();
    admin = await h.person('Ada', ['admin']);
    pm = await h.person('Petra', ['programme_manager']);
    owner = await h.person('Oskar', ['action_owner']);
    for (const name of ['Alpha AIMS', 'Beta AIMS']) {
      const aims = (await h.call('POST', '/aims', pm.token, { name, timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.id })).body;
      const caseTitle = `Finding in ${name}`;
      const raised = await h.call('POST', '/cases', pm.token, { aimsId: aims.id, title: caseTitle, severity: 'minor', source: 'incident', ownerId: owner.id });
      expect(raised.status).toBe(201);
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(`evidence of ${name}\n`)]), `${name}.txt`);
      expect(
        (await fetch(`${h.api.url}/cases/${raised.body.id}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: form }))
          .status,
      ).toBe(201);
      aimsOfA.push({ id: aims.id, name, caseTitle });
    }
    organisationA = (await h.db.selectFrom('aims').select('organisation_id').where('id', '=', aimsOfA[0]!.id).executeTakeFirstOrThrow()).organisation_id;

    // Organisation B: its AIMS and items written into the record, and an evidence file on its case.
    const organisationB = await newOrganisation(h.db, 'Other Org');
    const bPm = await newMember(h.db, organisationB, ['programme_manager', 'admin'], 'bpm');
    const bOwner = await newMember(h.db, organisationB, ['action_owner'], 'bowner');
    bPeople = [bPm, bOwner];
    b = await seedAims(h.db, organisationB, bPm.id, bOwner.id);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(`secret of ${b.marker}\n`)]), `${b.marker}.txt`);
    expect(
      (await fetch(`${h.api.url}/cases/${b.case}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${bOwner.token}` }, body: form })).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("gives an organisation's admin one ZIP whose manifest names every file with its sha256", async () => {
    const response = await fetch(`${h.api.url}/organisations/${organisationA}/archive.zip`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const zip = Buffer.from(await response.arrayBuffer());
    const archive = await JSZip.loadAsync(zip);
    files = new Map();
    for (const name of Object.keys(archive.files).filter((n) => !archive.files[n]!.dir)) files.set(name, await archive.files[name]!.async('uint8array'));
    const manifest = JSON.parse(Buffer.from(files.get('manifest.json')!).toString('utf8')) as {
      organisation: { id: string };
      aims: { id: string; name: string; folder: string }[];
      files: { path: string; sha256: string }[];
    };
    expect(manifest.organisation.id).toBe(organisationA);
    expect(manifest.files.map((f) => f.path).sort()).toEqual([...files.keys()].filter((p) => p !== 'manifest.json').sort());
    for (const f of manifest.files) expect(sha256(files.get(f.path)!), f.path).toBe(f.sha256);
    // Its download is recorded, with the archive's hash.
    const recorded = await h.db
      .selectFrom('audit_trail')
      .select('after')
      .where('entity_type', '=', 'organisation')
      .where('entity_id', '=', organisationA)
      .execute();
    expect(recorded.map((r) => (r.after as { sha256: string }).sha256)).toEqual([sha256(zip)]);
  });

  it('holds every AIMS of the organisation with its SoA, register, evidence and trail', async () => {
    const manifest = JSON.parse(Buffer.from(files.get('manifest.json')!).toString('utf8')) as { aims: { id: string; folder: string }[] };
    expect(manifest.aims.map((a) => a.id).sort()).toEqual(aimsOfA.map((a) => a.id).sort());
    for (const aims of aimsOfA) {
      const folder = manifest.aims.find((a) => a.id === aims.id)!.folder;
      for (const file of ['soa.pdf', 'audit-programme.pdf', 'nc-register.csv', 'audit-trail.csv', 'certification-record.csv', 'manifest.json']) {
        expect(files.has(`${folder}/${file}`), `${folder}/${file}`).toBe(true);
      }
      const register = parse(Buffer.from(files.get(`${folder}/nc-register.csv`)!).toString('utf8'), { columns: true }) as Record<string, string>[];
      expect(register.map((r) => r.Title)).toEqual([aims.caseTitle]);
      const evidence = [...files.keys()].filter((p) => p.startsWith(`${folder}/nc-register/NC-1/`));
      expect(evidence.map((p) => Buffer.from(files.get(p)!).toString('utf8'))).toEqual([`evidence of ${aims.name}\n`]);
      expect(await textOf('soa.pdf', files.get(`${folder}/soa.pdf`)!)).toContain(aims.name);
    }
  });

  it("lists the organisation's people with their roles and its own record", async () => {
    const people = parse(Buffer.from(files.get('people.csv')!).toString('utf8'), { columns: true }) as Record<string, string>[];
    for (const [person, role] of [
      [admin, 'admin'],
      [pm, 'programme_manager'],
      [owner, 'action_owner'],
    ] as const) {
      expect(people).toContainEqual(expect.objectContaining({ 'Person id': person.id, Name: person.name, Email: person.email, Role: role, 'On AIMS': 'all' }));
    }
    const trail = parse(Buffer.from(files.get('organisation-trail.csv')!).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(JSON.parse(Buffer.from(files.get('organisation.json')!).toString('utf8'))).toMatchObject({ id: organisationA });
    for (const entry of trail) expect(bPeople.map((p) => p.id)).not.toContain(entry['Actor id']);
  });

  it('holds nothing of another organisation', async () => {
    const secrets = [b.marker, b.aims, b.case, b.audit, b.review, ...bPeople.map((p) => p.id), 'Other Org'];
    expect([...files.keys()].join('\n')).not.toMatch(new RegExp(secrets.join('|')));
    for (const [path, bytes] of files) {
      const text = await textOf(path, bytes);
      for (const secret of secrets) expect(text, `${path}: ${secret}`).not.toContain(secret);
    }
  });

  it("refuses everyone but the organisation's admins, as for an unknown organisation", async () => {
    const other = await fetch(`${h.api.url}/organisations/${organisationA}/archive.zip`, { headers: { authorization: `Bearer ${bPeople[0]!.token}` } });
    expect(other.status).toBe(404);
    const unknown = await fetch(`${h.api.url}/organisations/${randomUUID()}/archive.zip`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${h.api.url}/organisations/${organisationA}/archive.zip`, { headers: { authorization: `Bearer ${pm.token}` } })).status).toBe(403);
  });
});
