import { parse } from 'csv-parse/sync';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overduePdf, type OverdueReport } from '../../services/exports/overdue-report';
import { EngineHarness } from '../support/engine-harness';
import { webSession } from '../support/web-session';

// The overdue report's exports (issue #14), read back by independent readers (csv-parse; unpdf,
// over pdf.js, for the PDF that pdfkit wrote): the same tasks and figures as GET /overdue.

async function pdfPages(bytes: Buffer): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  return (await extractText(pdf, { mergePages: false })).text;
}

describe('the overdue report as CSV and PDF', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let aimsId: string;

  const get = (path: string, token = pm.token) => fetch(h.api.url + path, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Pam', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    const ann = await h.person('Ann', ['action_owner'], { timeZone: 'Europe/Berlin', department: 'Data' });
    const bob = await h.person('Bob', ['action_owner'], { timeZone: 'Europe/Berlin', department: 'Ops' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS Berlin', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.id })).body
      .id;
    await h.advanceTo('2027-09-06T06:00:00Z');
    for (const [title, severity, owner] of [
      ['Model drift unmonitored', 'major', ann],
      ['Bias test skipped', 'minor', bob],
      ['Card outdated', 'minor', ann],
    ] as const) {
      expect((await h.call('POST', '/cases', pm.token, { aimsId, title, severity, source: 'incident', ownerId: owner.id })).status).toBe(201);
    }
    await h.advanceTo('2027-09-30T10:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('CSV lines equal the tasks of GET /overdue, group by group', async () => {
    const view = (await h.call('GET', `/overdue?aimsId=${aimsId}&groupBy=department`, pm.token)).body;
    expect(view.total).toBe(3);
    const response = await get(`/exports/overdue.csv?aimsId=${aimsId}&groupBy=department`);
    expect(response.status).toBe(200);
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    const tasks = view.groups.flatMap((g: { label: string; items: Record<string, unknown>[] }) => g.items.map((t) => ({ group: g.label, ...t })));
    expect(rows.map((r) => [r.Group, r.Item, r.Task, r.Owner, r.Severity, r['Due date'], Number(r['Days overdue'])])).toEqual(
      tasks.map((t: Record<string, unknown>) => [t.group, t.itemRef, t.title, t.ownerName, t.severity ?? '', t.dueDate, t.daysOverdue]),
    );
  });

  it('PDF shows the AIMS, the as-of date, the figures and every task, with page numbers', async () => {
    const view = (await h.call('GET', `/overdue?aimsId=${aimsId}`, pm.token)).body;
    const response = await get(`/exports/overdue.pdf?aimsId=${aimsId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pages = await pdfPages(Buffer.from(await response.arrayBuffer()));
    const text = pages.join('\n');
    expect(pages[0]).toContain('Overdue report · AIMS Berlin');
    expect(pages[0]).toContain(`as of ${(view.asOf as string).slice(0, 10)}`);
    pages.forEach((p, i) => expect(p).toContain(`page ${i + 1} of ${pages.length}`));
    expect(text).toContain(`Overdue tasks: ${view.total}`);
    expect(text).toContain(`By severity: major ${view.counts.severity.major}, minor ${view.counts.severity.minor}`);
    for (const g of view.groups) {
      expect(text).toContain(`${g.label} (${g.count})`);
      for (const t of g.items) expect(text).toContain(`${t.itemRef} · ${t.title} · ${t.ownerName} · due ${t.dueDate} · ${t.daysOverdue} days overdue`);
    }
  });

  it('gives the same bytes for the same report, and page numbers over many pages', async () => {
    const view = (await h.call('GET', `/overdue?aimsId=${aimsId}`, pm.token)).body as OverdueReport;
    // Many copies of the tasks, to run over several pages.
    const long: OverdueReport = { ...view, groups: view.groups.map((g) => ({ ...g, items: Array.from({ length: 100 }, () => g.items).flat() })) };
    const [a, b] = [await overduePdf(long, 'AIMS Berlin'), await overduePdf(long, 'AIMS Berlin')];
    expect(a.equals(b)).toBe(true);
    const pages = await pdfPages(a);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.at(-1)).toContain(`page ${pages.length} of ${pages.length}`);
  });

  it('is offered on the dashboard with its filters', async () => {
    const session = await webSession(h.api.url, pm.token);
    const page = await (await fetch(`${h.api.url}/ui/dashboard?aimsId=${aimsId}`, { headers: { cookie: session.cookie } })).text();
    const links = [...page.matchAll(/href="(\/ui\/exports\/overdue\.(?:pdf|csv)\?[^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links).toHaveLength(2);
    const pdf = await fetch(h.api.url + links[0]!, { headers: { cookie: session.cookie } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdfPages(Buffer.from(await pdf.arrayBuffer()))).join('\n')).toContain('Overdue report · AIMS Berlin');
    const csv = await fetch(h.api.url + links[1]!, { headers: { cookie: session.cookie } });
    expect(await csv.text()).toBe(await (await get(`/exports/overdue.csv?aimsId=${aimsId}`)).text());
  });

  it('is for programme managers and management only, and refuses an unknown AIMS', async () => {
    const owner = await h.person('Olga', ['action_owner']);
    expect((await get(`/exports/overdue.pdf?aimsId=${aimsId}`, owner.token)).status).toBe(403);
    expect((await get('/exports/overdue.csv?aimsId=00000000-0000-4000-8000-000000000000')).status).toBe(422);
  });
});
