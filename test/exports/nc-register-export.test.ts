import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';
import { webSession } from '../support/web-session';

// The register's exports (issue #14), read back by independent readers (csv-parse; read-excel-
// file, not the writer exceljs), must hold exactly the rows GET /cases answers for the same filters.

interface Summary {
  reference: string;
  title: string;
  severity: string;
  source: string;
  status: string;
  ownerId: string;
  raisedOn: string;
  nextDueDate: string | null;
  overdue: boolean;
  clauseRef: string | null;
  aimsId: string;
}

describe('the nonconformity register as CSV and XLSX', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let owners: (typeof pm)[];
  let aimsId: string;

  const expected = async (query: string) => {
    const answer = await h.call('GET', `/cases?${query}&limit=200`, pm.token);
    expect(answer.status).toBe(200);
    return answer.body.items as Summary[];
  };
  const download = async (path: string) => {
    const response = await fetch(h.api.url + path, { headers: { authorization: `Bearer ${pm.token}` } });
    expect(response.status).toBe(200);
    return response;
  };

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Petra', ['programme_manager']);
    owners = [await h.person('Oskar Öhman', ['action_owner']), await h.person('Zoë', ['action_owner'])];
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.id })).body.id;
    const raise = async (title: string, severity: string, owner: typeof pm, clauseRef?: string) => {
      const r = await h.call('POST', '/cases', pm.token, { aimsId, title, source: 'internal_audit', severity, ownerId: owner.id, clauseRef });
      expect(r.status).toBe(201);
    };
    await raise('Model card, missing; "v2"', 'minor', owners[0]!, 'A.6.2.4');
    await raise('No impact assessment', 'major', owners[1]!);
    await raise('Ümlaut and ; semicolon', 'minor', owners[1]!, '9.2');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it.each([['severity=minor'], ['severity=major&sort=number&order=asc'], ['q=model']])('CSV rows equal GET /cases for %s', async (query) => {
    const items = await expected(query);
    const response = await download(`/exports/nc-register.csv?${query}`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=nc-register.csv');
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(
      rows.map((r) => [
        r.Reference,
        r.Title,
        r.Severity,
        r.Source,
        r.Status,
        r['Owner id'],
        r['Raised on'],
        r['Next due'],
        r.Overdue,
        r['Clause or control'],
        r['AIMS id'],
      ]),
    ).toEqual(
      items.map((i) => [
        i.reference,
        i.title,
        i.severity,
        i.source,
        i.status,
        i.ownerId,
        i.raisedOn,
        i.nextDueDate ?? '',
        i.overdue ? 'yes' : 'no',
        i.clauseRef ?? '',
        i.aimsId,
      ]),
    );
    const names = new Map(owners.map((o) => [o.id, o.name]));
    expect(rows.map((r) => r.Owner)).toEqual(items.map((i) => names.get(i.ownerId)));
  });

  it('XLSX rows equal GET /cases, with dates as date cells and overdue as a boolean', async () => {
    const items = await expected('severity=minor');
    const response = await download('/exports/nc-register.xlsx?severity=minor');
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [header, ...rows] = await readSheet(Buffer.from(await response.arrayBuffer()));
    expect(header).toEqual([
      'Reference',
      'Title',
      'Severity',
      'Source',
      'Status',
      'Owner',
      'Owner id',
      'Raised on',
      'Next due',
      'Overdue',
      'Clause or control',
      'AIMS id',
    ]);
    expect(rows).toHaveLength(items.length);
    for (const [row, item] of rows.map((r, i) => [r, items[i]!] as const)) {
      expect(row[7]).toBeInstanceOf(Date);
      expect((row[7] as unknown as Date).toISOString().slice(0, 10)).toBe(item.raisedOn);
      if (item.nextDueDate) expect((row[8] as unknown as Date).toISOString().slice(0, 10)).toBe(item.nextDueDate);
      expect(row[9]).toBe(item.overdue);
      expect([row[0], row[1], row[2], row[4], row[6], row[10] ?? null]).toEqual([
        item.reference,
        item.title,
        item.severity,
        item.status,
        item.ownerId,
        item.clauseRef,
      ]);
    }
  });

  it('is offered on the register page with its filters, and downloads the same file there', async () => {
    const session = await webSession(h.api.url, pm.token);
    const page = await (await fetch(`${h.api.url}/ui/cases?severity=minor`, { headers: { cookie: session.cookie } })).text();
    const links = [...page.matchAll(/href="(\/ui\/exports\/nc-register\.(?:csv|xlsx)\?[^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links).toHaveLength(2);
    expect(links[0]).toMatch(/severity=minor/);
    const fromPage = await fetch(h.api.url + links[0]!, { headers: { cookie: session.cookie } });
    expect(fromPage.status).toBe(200);
    expect(await fromPage.text()).toBe(await (await download('/exports/nc-register.csv?severity=minor')).text());
    const xlsx = await fetch(h.api.url + links[1]!, { headers: { cookie: session.cookie } });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await readSheet(Buffer.from(await xlsx.arrayBuffer()))).length).toBe((await expected('severity=minor')).length + 1);
  });

  it('refuses a bad filter as GET /cases does', async () => {
    const response = await fetch(`${h.api.url}/exports/nc-register.csv?severity=huge`, { headers: { authorization: `Bearer ${pm.token}` } });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^query\.severity/);
  });
});
