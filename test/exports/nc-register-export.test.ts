import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiAnswer } from '../../api/routes';
import { EngineHarness } from '../support/engine-harness';
import { webSession } from '../support/web-session';

// The register's exports (issue #14), read back by independent readers (csv-parse; read-excel-
// file, not the writer exceljs), must hold exactly the rows GET /cases answers for the same filters.

type Case = ApiAnswer<'get', '/cases'>['items'][number];
/** A case of GET /cases with its owner's name, the one column the API answers as an id only. */
type Row = Case & { ownerName: string };

/** The files' columns, each the field of GET /cases's answer it shows: the one place the test names them. */
const COLUMNS: [string, keyof Row][] = [
  ['Reference', 'reference'],
  ['Title', 'title'],
  ['Severity', 'severity'],
  ['Source', 'source'],
  ['Status', 'status'],
  ['Owner', 'ownerName'],
  ['Owner id', 'ownerId'],
  ['Raised on', 'raisedOn'],
  ['Next due', 'nextDueDate'],
  ['Overdue', 'overdue'],
  ['Clause or control', 'clauseRef'],
  ['AIMS id', 'aimsId'],
];

/** A CSV cell as the API's JSON value it shows: empty is null, yes and no are booleans. */
const fromCsv = (cell: string) => (cell === '' ? null : cell === 'yes' ? true : cell === 'no' ? false : cell);
/** An XLSX cell as the API's JSON value it shows: a date cell is an ISO date, an empty cell null. */
const fromXlsx = (cell: unknown) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : (cell ?? null));

describe('the nonconformity register as CSV and XLSX', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let owners: (typeof pm)[];
  let aimsId: string;

  /** The API's answer for the filters, each case with its owner's name, as the files' columns show it. */
  const expected = async (query: string) => {
    const answer = await h.call<{ items: Case[] }>('GET', `/cases?${query}&limit=200`, pm.token);
    expect(answer.status).toBe(200);
    const names = new Map(owners.map((o) => [o.id, o.name]));
    return answer.body.items.map((item): unknown[] => {
      const row: Row = { ...item, ownerName: names.get(item.ownerId) ?? '' };
      return COLUMNS.map(([, field]) => row[field]);
    });
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
    const [header, ...rows] = parse(await response.text()) as string[][];
    expect(header).toEqual(COLUMNS.map(([column]) => column));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.map(fromCsv))).toEqual(items);
  });

  it('XLSX rows equal GET /cases, with dates as date cells and overdue as a boolean', async () => {
    const items = await expected('severity=minor');
    const response = await download('/exports/nc-register.xlsx?severity=minor');
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [header, ...rows] = await readSheet(Buffer.from(await response.arrayBuffer()));
    expect(header).toEqual(COLUMNS.map(([column]) => column));
    expect(rows.length).toBeGreaterThan(0);
    // Dates arrive as date cells and overdue as a boolean: read as such, they are the API's values.
    for (const row of rows) expect(row[COLUMNS.findIndex(([, field]) => field === 'raisedOn')]).toBeInstanceOf(Date);
    expect(rows.map((r) => r.map(fromXlsx))).toEqual(items);
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
