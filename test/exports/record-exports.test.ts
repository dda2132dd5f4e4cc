import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';
import { reviewInputs, seedAudit, seedAuditResults, seedReview } from '../support/seed-records';
import { webSession } from '../support/web-session';

// The exports of one record (issue #14): SoA (PDF, XLSX), coverage (XLSX), an internal audit's
// report, a review's pack and minutes (PDF), the audit trail (CSV). Each is read back by a reader
// other than its writer (unpdf over pdf.js; read-excel-file; csv-parse) and compared with the
// API's JSON for the same record and filters.

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  return (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
}

const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : d);

describe('the exports of the SoA, coverage, audits, reviews and the audit trail', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let auditor: typeof pm;
  let owner: typeof pm;
  let aimsId: string;
  const auditId = randomUUID();
  const reviewId = randomUUID();

  const file = async (path: string, token = pm.token) => {
    const response = await fetch(h.api.url + path, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, `${path}: ${response.status}`).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Petra', ['programme_manager', 'management']);
    auditor = await h.person('Aino', ['auditor']);
    owner = await h.person('Oskar', ['action_owner']);
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Export AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.id })).body
      .id;
    expect(
      (
        await h.call('PUT', `/aims/${aimsId}/soa`, pm.token, {
          entries: [
            { controlId: 'A.10.4', applicable: false, justification: 'No customers use our AI systems' },
            { controlId: 'A.6.2.4', applicable: true, justification: 'Models are validated' },
          ],
        })
      ).status,
    ).toBe(200);
    // An audit reported and a review with minutes, written straight into the record (their
    // workflows are tested elsewhere; here only what the files show of them matters).
    await seedAudit(
      h.db,
      { aimsId, scope: ['9.2', '4.1', 'A.6.2.4'], fieldworkStart: '2026-11-02', fieldworkEnd: '2026-11-06' },
      {
        id: auditId,
        status: 'reported',
        lead_auditor_id: auditor.id,
        auditee_ids: [owner.id],
        report_summary: 'Largely effective; one minor nonconformity on 9.2.',
        reported_at: new Date('2026-11-10T10:00:00Z'),
      },
    );
    await seedAuditResults(h.db, auditId, auditor.id, [
      { itemId: '9.2', result: 'minor_nc', evidence: 'Programme not approved' },
      { itemId: '4.1', result: 'opportunity', evidence: 'Cite the risk register' },
      { itemId: 'A.6.2.4', result: 'conforming', evidence: 'Validation reports sampled' },
    ]);
    await seedReview(
      h.db,
      { aimsId, chairId: pm.id, attendeeIds: [pm.id, owner.id], meetingDate: '2026-11-20', meetingAt: new Date('2026-11-20T09:00:00Z') },
      {
        id: reviewId,
        status: 'closed',
        inputs: reviewInputs(pm.id, { submitted: { a: { text: 'Actions of the last review all done', submittedAt: '2026-11-15T09:00:00.000Z' } } }),
        minutes: 'The board reviewed the AIMS and its risks.',
        decisions: JSON.stringify([{ id: randomUUID(), kind: 'improvement', text: 'Automate the bias tests', actionTaskId: null }]),
      },
    );
    for (const [title, severity] of [
      ['Model card missing', 'minor'],
      ['No impact assessment', 'major'],
    ] as const) {
      expect((await h.call('POST', '/cases', pm.token, { aimsId, title, severity, source: 'internal_audit', ownerId: owner.id })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('SoA as XLSX: every entry of GET /aims/{id}/soa, applicability a boolean, changes dated', async () => {
    const soa = (await h.call('GET', `/aims/${aimsId}/soa`, pm.token)).body.items as {
      controlId: string;
      title: string;
      applicable: boolean;
      justification: string;
      changedBy: string | null;
      changedAt: string | null;
    }[];
    const [header, ...rows] = await readSheet(await file(`/aims/${aimsId}/soa.xlsx`));
    expect(header).toEqual(['Control', 'Title', 'Area', 'Applicable', 'Justification', 'Changed by', 'Changed at']);
    expect(rows.map((r) => [r[0], r[1], r[3], r[4] ?? '', r[5] ?? null])).toEqual(
      soa.map((e) => [e.controlId, e.title, e.applicable, e.justification, e.changedBy]),
    );
    const changed = rows.find((r) => r[0] === 'A.10.4')!;
    expect(changed[6]).toBeInstanceOf(Date);
    expect((changed[6] as unknown as Date).toISOString().slice(0, 16)).toBe(soa.find((e) => e.controlId === 'A.10.4')!.changedAt!.slice(0, 16));
  });

  it('SoA as PDF: every control, its decision and the counts of GET /aims/{id}/soa', async () => {
    const soa = (await h.call('GET', `/aims/${aimsId}/soa`, pm.token)).body.items as { controlId: string; applicable: boolean }[];
    const text = await pdfText(await file(`/aims/${aimsId}/soa.pdf`));
    expect(text).toContain('Export AIMS');
    expect(text).toContain(
      `Controls: ${soa.length}; applicable ${soa.filter((e) => e.applicable).length}, excluded ${soa.filter((e) => !e.applicable).length}`,
    );
    for (const e of soa) expect(text).toContain(e.controlId);
    expect(text).toContain('Excluded: No customers use our AI systems');
    expect(text).toMatch(/page 1 of \d+/);
  });

  it('coverage as XLSX: every line of GET /aims/{id}/coverage, dates as date cells', async () => {
    const coverage = (await h.call('GET', `/aims/${aimsId}/coverage`, pm.token)).body.items as {
      itemId: string;
      kind: string;
      applicable: boolean;
      lastAudited: string | null;
      lastResult: string | null;
      nextPlanned: { reference: string; fieldworkStart: string } | null;
    }[];
    const [header, ...rows] = await readSheet(await file(`/aims/${aimsId}/coverage.xlsx`));
    expect(header).toEqual(['Item', 'Title', 'Kind', 'Applicable', 'Last audited', 'Last result', 'Next audit', 'Next fieldwork']);
    expect(rows.map((r) => [r[0], r[2], r[3], day(r[4]) ?? null, r[5] ?? null, r[6] ?? null, day(r[7]) ?? null])).toEqual(
      coverage.map((c) => [
        c.itemId,
        c.kind,
        c.applicable,
        c.lastAudited,
        c.lastResult,
        c.nextPlanned?.reference ?? null,
        c.nextPlanned?.fieldworkStart ?? null,
      ]),
    );
    expect(rows.find((r) => r[0] === '9.2')![4]).toBeInstanceOf(Date);
    expect(coverage.find((c) => c.itemId === '9.2')!.lastResult).toBe('minor_nc');
  });

  it("an audit's report as PDF: its dates, team, every result and the counts of GET /audits/{id}", async () => {
    const audit = (await h.call('GET', `/audits/${auditId}`, pm.token)).body;
    const text = await pdfText(await file(`/audits/${auditId}/report.pdf`));
    expect(text).toContain(`Internal audit report ${audit.reference}`);
    expect(text).toContain('Fieldwork: 2026-11-02 to 2026-11-06');
    expect(text).toContain('Lead auditor: Aino');
    expect(text).toContain('Auditees: Oskar');
    expect(text).toContain('Results: conforming 1, minor_nc 1, major_nc 0, observation 0, opportunity 1');
    for (const r of audit.results as { itemId: string; result: string; evidence: string }[]) {
      expect(text).toContain(`${r.itemId}: ${r.result}`);
      expect(text).toContain(r.evidence);
    }
    expect(text).toContain(audit.reportSummary);
  });

  it("a review's pack as PDF carries the figures of GET /reviews/{id}/pack", async () => {
    const pack = (await h.call('GET', `/reviews/${reviewId}/pack`, pm.token)).body;
    const text = await pdfText(await file(`/reviews/${reviewId}/pack.pdf`));
    expect(text).toContain(`Management review pack ${pack.reference}`);
    expect(text).toContain(`Period: ${pack.period.start} to ${pack.period.end}, as of ${pack.period.asOf}`);
    expect(text).toContain(`Opened in period: ${pack.nonconformities.opened}`);
    expect(text).toContain(`Closed in period: ${pack.nonconformities.closed}`);
    expect(text).toContain(`Open at end: ${pack.nonconformities.openAtEnd}`);
    expect(text).toContain(`Coverage: ${pack.coverage.auditedInPeriod} of ${pack.coverage.required} required items`);
    expect(text).toContain(`Overall: ${pack.readiness.overall}`);
    expect(text).toContain('Actions of the last review all done');
  });

  it("a review's minutes as PDF: chair, attendees, minutes and decisions of GET /reviews/{id}", async () => {
    const answer = await h.call('GET', `/reviews/${reviewId}`, pm.token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const review = answer.body;
    const text = await pdfText(await file(`/reviews/${reviewId}/minutes.pdf`));
    expect(text).toContain(`Minutes of management review ${review.reference}`);
    expect(text).toContain('Chair: Petra');
    expect(text).toContain('Attendees: Petra, Oskar');
    expect(text).toContain(review.minutes);
    expect(text).toContain('improvement: Automate the bias tests');
  });

  it.each([
    ['no filter', () => ''],
    ['by person', () => `actorId=${pm.id}`],
    ['by item', () => `itemId=${aimsId}`],
    [
      'by period',
      () =>
        `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    ],
  ])('the audit trail as CSV equals GET /aims/{id}/audit-trail %s', async (_name, query) => {
    const answer = await h.call('GET', `/aims/${aimsId}/audit-trail?${query()}&limit=500`, pm.token);
    expect(answer.status).toBe(200);
    const items = answer.body.items as Record<string, string | number | null>[];
    expect(items.length).toBeGreaterThan(0);
    expect(answer.body.total).toBe(items.length);
    const rows = parse((await file(`/aims/${aimsId}/audit-trail.csv?${query()}`)).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(
      rows.map((r) => [
        Number(r.Seq),
        r['Entry id'],
        r['Occurred at'],
        r['Actor id'] || null,
        r.Actor,
        r['Entity type'],
        r['Entity id'],
        r.Action,
        r.Before || null,
        r.After || null,
        r.Hash,
      ]),
    ).toEqual(items.map((e) => [e.seq, e.id, e.occurredAt, e.actorId, e.actor, e.entityType, e.entityId, e.action, e.before, e.after, e.hash]));
  });

  it('filters the trail really: by person, item and an empty period', async () => {
    const all = (await h.call('GET', `/aims/${aimsId}/audit-trail?limit=500`, pm.token)).body.items as { actorId: string | null; entityId: string }[];
    const byPm = (await h.call('GET', `/aims/${aimsId}/audit-trail?limit=500&actorId=${pm.id}`, pm.token)).body.items as { actorId: string }[];
    expect(byPm.length).toBe(all.filter((e) => e.actorId === pm.id).length);
    const byOwner = (await h.call('GET', `/aims/${aimsId}/audit-trail?limit=500&actorId=${owner.id}`, pm.token)).body.items;
    expect(byOwner).toEqual([]);
    const before = (await h.call('GET', `/aims/${aimsId}/audit-trail?to=2020-01-01T00:00:00Z`, pm.token)).body;
    expect(before).toEqual({ items: [], total: 0 });
    const csv = (await file(`/aims/${aimsId}/audit-trail.csv?to=2020-01-01T00:00:00Z`)).toString('utf8');
    expect(parse(csv, { columns: true })).toEqual([]);
  });

  it('refuses the trail to roles without oversight, and a bad filter naming the field', async () => {
    const response = await fetch(`${h.api.url}/aims/${aimsId}/audit-trail.csv`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(response.status).toBe(403);
    const bad = await fetch(`${h.api.url}/aims/${aimsId}/audit-trail.csv?from=yesterday`, { headers: { authorization: `Bearer ${pm.token}` } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/^query\.from/);
  });

  it('is offered on the pages and downloads the same files there', async () => {
    const session = await webSession(h.api.url, pm.token);
    const page = async (path: string) => (await fetch(h.api.url + path, { headers: { cookie: session.cookie } })).text();
    const links = [
      ...(await page(`/ui/aims/${aimsId}/soa`)).matchAll(/href="(\/ui\/aims\/[^"]+\/soa\.(?:pdf|xlsx))"/g),
      ...(await page(`/ui/aims/${aimsId}/programme`)).matchAll(/href="(\/ui\/aims\/[^"]+\/coverage\.xlsx)"/g),
      ...(await page(`/ui/aims/${aimsId}`)).matchAll(/href="(\/ui\/aims\/[^"]+\/audit-trail\.csv)"/g),
      ...(await page(`/ui/audits/${auditId}`)).matchAll(/href="(\/ui\/audits\/[^"]+\/report\.pdf)"/g),
      ...(await page(`/ui/reviews/${reviewId}`)).matchAll(/href="(\/ui\/reviews\/[^"]+\/(?:pack|minutes)\.pdf)"/g),
    ].map((m) => m[1]!);
    expect(links.map((l) => l.replace(/^.*\//, ''))).toEqual([
      'soa.pdf',
      'soa.xlsx',
      'coverage.xlsx',
      'audit-trail.csv',
      'report.pdf',
      'pack.pdf',
      'minutes.pdf',
    ]);
    for (const link of links) {
      const fromPage = await fetch(h.api.url + link, { headers: { cookie: session.cookie } });
      expect(fromPage.status, link).toBe(200);
      const bytes = Buffer.from(await fromPage.arrayBuffer());
      // The clock moves between the two downloads; what the files say must not.
      if (link.endsWith('.csv')) expect(bytes.toString('utf8')).toBe((await file(link.slice(3))).toString('utf8'));
      else if (link.endsWith('.pdf'))
        expect((await pdfText(bytes)).replace(/as of \S+ \S+ UTC/g, '')).toBe((await pdfText(await file(link.slice(3)))).replace(/as of \S+ \S+ UTC/g, ''));
      else expect(await readSheet(bytes)).toEqual(await readSheet(await file(link.slice(3))));
    }
  });
});
