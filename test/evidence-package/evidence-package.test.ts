import { createHash, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileReviewPack } from '../../services/review-pack';
import { EngineHarness } from '../support/engine-harness';
import { seedAudit, seedReview } from '../support/seed-records';
import { webSession } from '../support/web-session';

// The audit evidence package (issue #14): built by its workflow from a command, one ZIP frozen as
// of an instant with a manifest naming every file's sha256; read back with JSZip (not the writer,
// yazl). Built twice from the same record it is the same bytes, and what is recorded after its
// as-of instant (an evidence file, a SoA change) changes neither a package built nor one rebuilt.

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Manifest {
  aims: { id: string; name: string };
  kind: string;
  asOf: string;
  period: { start: string; end: string };
  chainHead: { entryId: string; seq: number; hash: string } | null;
  files: { path: string; what: string; sha256: string; size: number }[];
}

describe('the audit evidence package', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let owner: typeof pm;
  let aimsId: string;
  let caseId: string;
  const auditId = randomUUID();
  const reviewId = randomUUID();
  let first: { id: string; asOf: string; periodStart: string; sha256: string };
  let firstZip: Buffer;

  const upload = (content: string, filename: string) => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(content)]), filename);
    return fetch(`${h.api.url}/cases/${caseId}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: form });
  };
  /** Asks for a package and waits for its build, polling the status route as the page does. */
  const build = async (body: Record<string, string>) => {
    const started = await h.call('POST', `/aims/${aimsId}/evidence-packages`, pm.token, body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.status).toBe('building');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await h.call('GET', `/aims/${aimsId}/evidence-packages/${started.body.id}`, pm.token);
      if (status.body.status !== 'building') {
        expect(status.body.status, JSON.stringify(status.body)).toBe('built');
        expect(status.body.progress.done).toBe(status.body.progress.total);
        return status.body as { id: string; asOf: string; periodStart: string; sha256: string; size: number };
      }
      if (Date.now() > deadline) throw new Error('the package was not built within a minute');
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const download = async (id: string) => {
    const response = await fetch(`${h.api.url}/aims/${aimsId}/evidence-packages/${id}/package.zip`, { headers: { authorization: `Bearer ${pm.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    return Buffer.from(await response.arrayBuffer());
  };
  const entries = async (zip: Buffer) => {
    const archive = await JSZip.loadAsync(zip);
    const files = new Map<string, Uint8Array>();
    for (const name of Object.keys(archive.files).filter((n) => !archive.files[n]!.dir)) files.set(name, await archive.files[name]!.async('uint8array'));
    return files;
  };

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Petra', ['programme_manager', 'management']);
    owner = await h.person('Oskar', ['action_owner']);
    const auditor = await h.person('Aino', ['auditor']);
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Package AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.id })).body
      .id;
    await h.call('PUT', `/aims/${aimsId}/soa`, pm.token, { entries: [{ controlId: 'A.10.4', applicable: false, justification: 'No customers' }] });
    const raised = await h.call('POST', '/cases', pm.token, {
      aimsId,
      title: 'Model card missing',
      severity: 'minor',
      source: 'internal_audit',
      ownerId: owner.id,
    });
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    expect((await upload('Containment: the model was withdrawn.\n', 'containment notes.txt')).status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    await seedAudit(
      h.db,
      { aimsId, scope: ['9.2'], fieldworkStart: today },
      {
        id: auditId,
        status: 'reported',
        lead_auditor_id: auditor.id,
        auditee_ids: [owner.id],
        report_summary: 'Effective.',
        reported_at: new Date(Date.now() - 60_000),
      },
    );
    await seedReview(
      h.db,
      { aimsId, chairId: pm.id, attendeeIds: [pm.id], meetingDate: today, meetingAt: new Date(Date.now() - 120_000) },
      { id: reviewId, status: 'closed', minutes: 'Reviewed.', approved_at: new Date(Date.now() - 60_000) },
    );
    const pack = await compileReviewPack(h.db, reviewId, new Date());
    await h.db
      .updateTable('reviews')
      .set({ pack: JSON.stringify(pack) })
      .where('id', '=', reviewId)
      .execute();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('builds one ZIP whose manifest names every file with its sha256, the as-of instant and the chain head', async () => {
    first = await build({ kind: 'stage1' });
    firstZip = await download(first.id);
    expect(sha256(firstZip)).toBe(first.sha256);
    const files = await entries(firstZip);
    const manifest = JSON.parse(Buffer.from(files.get('manifest.json')!).toString('utf8')) as Manifest;
    expect(manifest).toMatchObject({ aims: { id: aimsId, name: 'Package AIMS' }, kind: 'stage1', asOf: first.asOf, period: { start: first.periodStart } });
    // Every file but the manifest is listed, with the hash of its bytes.
    expect(manifest.files.map((f) => f.path).sort()).toEqual([...files.keys()].filter((p) => p !== 'manifest.json').sort());
    for (const f of manifest.files) {
      expect(sha256(files.get(f.path)!), f.path).toBe(f.sha256);
      expect(files.get(f.path)!.length).toBe(f.size);
      expect(f.what).not.toBe('');
    }
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        'soa.pdf',
        'soa.xlsx',
        'audit-programme.pdf',
        'internal-audits/IA-1-report.pdf',
        'management-reviews/MR-1-pack.pdf',
        'management-reviews/MR-1-minutes.pdf',
        'nc-register.csv',
        'certification-record.csv',
        'audit-trail.csv',
      ]),
    );
    const evidence = [...files.keys()].filter((p) => p.startsWith('nc-register/NC-1/'));
    expect(evidence).toHaveLength(1);
    // The workbook inside is a workbook still, with the SoA as of the date.
    const soa = await readSheet(Buffer.from(files.get('soa.xlsx')!));
    expect(soa.find((r) => r[0] === 'A.10.4')!.slice(3, 5)).toEqual([false, 'No customers']);
    expect(Buffer.from(files.get(evidence[0]!)!).toString('utf8')).toBe('Containment: the model was withdrawn.\n');
    expect(parse(Buffer.from(files.get('nc-register.csv')!).toString('utf8'), { columns: true })).toEqual([
      expect.objectContaining({ Reference: 'NC-1', Title: 'Model card missing', 'Status as of': 'containment' }),
    ]);
    // The chain head is the last trail entry made by the as-of instant, and the extract ends with it.
    const trail = (
      await h.call('GET', `/aims/${aimsId}/audit-trail?limit=500&to=${encodeURIComponent(new Date(Date.parse(first.asOf) + 1).toISOString())}`, pm.token)
    ).body.items as { id: string; seq: number; hash: string }[];
    const head = trail.at(-1)!;
    expect(manifest.chainHead).toEqual({ entryId: head.id, seq: head.seq, hash: head.hash });
    const extract = parse(Buffer.from(files.get('audit-trail.csv')!).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(extract.at(-1)!.Hash).toBe(head.hash);
  });

  it('records the package hash in the audit trail', async () => {
    const entries = (await h.call('GET', `/aims/${aimsId}/audit-trail?itemId=${first.id}`, pm.token)).body.items as { action: string; after: string }[];
    expect(entries.map((e) => e.action)).toEqual(['built']);
    expect(JSON.parse(entries[0]!.after)).toMatchObject({ sha256: first.sha256, kind: 'stage1', asOf: first.asOf });
  });

  it('gives the same bytes when built again from the same record, and ignores what came after its as-of instant', async () => {
    const again = await build({ kind: 'stage1', asOf: first.asOf, periodStart: first.periodStart });
    expect(again.id).not.toBe(first.id);
    expect(again.sha256).toBe(first.sha256);
    expect((await download(again.id)).equals(firstZip)).toBe(true);

    // After the as-of instant: another evidence file and a SoA change.
    expect((await upload('Effectiveness: checked.\n', 'later.txt')).status).toBe(201);
    await h.call('PUT', `/aims/${aimsId}/soa`, pm.token, { entries: [{ controlId: 'A.10.4', applicable: true, justification: 'Customers now' }] });

    const rebuilt = await build({ kind: 'stage1', asOf: first.asOf, periodStart: first.periodStart });
    expect(rebuilt.sha256).toBe(first.sha256);
    expect((await download(first.id)).equals(firstZip)).toBe(true);

    // Not vacuous: a package as of now holds the new file and differs.
    const now = await build({ kind: 'surveillance', periodStart: first.periodStart });
    expect(now.sha256).not.toBe(first.sha256);
    const files = await entries(await download(now.id));
    expect([...files.keys()].filter((p) => p.startsWith('nc-register/NC-1/'))).toHaveLength(2);
  });

  it('refuses an as-of instant in the future, a period after it, and an unknown package', async () => {
    const future = await h.call('POST', `/aims/${aimsId}/evidence-packages`, pm.token, { kind: 'stage2', asOf: '2190-01-01T00:00:00Z' });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([{ field: 'body.asOf', reason: 'must not be in the future' }]);
    const period = await h.call('POST', `/aims/${aimsId}/evidence-packages`, pm.token, { kind: 'stage2', asOf: first.asOf, periodStart: '2199-01-01' });
    expect(period.status).toBe(422);
    expect(period.body.errors).toEqual([{ field: 'body.periodStart', reason: expect.stringMatching(/^must be on or before \d{4}-\d{2}-\d{2}$/) }]);
    expect((await h.call('GET', `/aims/${aimsId}/evidence-packages/${randomUUID()}`, pm.token)).status).toBe(404);
    // Only a programme manager builds one; an action owner of the AIMS is refused.
    expect((await h.call('POST', `/aims/${aimsId}/evidence-packages`, owner.token, { kind: 'stage2' })).status).toBe(403);
  });

  it('is built from the certification page, which follows the build and offers the download', async () => {
    const session = await webSession(h.api.url, pm.token);
    const posted = await fetch(`${h.api.url}/ui/aims/${aimsId}/evidence-packages`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: session.form({ kind: 'recertification', periodStart: first.periodStart }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const deadline = Date.now() + 60_000;
    let page = '';
    for (;;) {
      page = await (await fetch(h.api.url + posted.headers.get('location')!, { headers: { cookie: session.cookie } })).text();
      if (!page.includes('building:')) break;
      expect(page).toContain('<meta http-equiv="refresh"');
      if (Date.now() > deadline) throw new Error('not built within a minute');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(page).not.toContain('http-equiv="refresh"');
    const link = /href="(\/ui\/aims\/[^"]+\/evidence-packages\/[^"]+\/package\.zip)"/.exec(page)![1]!;
    const zip = await fetch(h.api.url + link, { headers: { cookie: session.cookie } });
    expect(zip.status).toBe(200);
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(page).toContain(sha256(bytes));
  });
});
