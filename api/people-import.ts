import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Db } from '../db/database';
import { recordChange, type Actor } from '../db/repositories/audit-trail.repository';
import { findPeopleByEmails, insertPerson, updatePersonRow } from '../db/repositories/people.repository';
import { AppError } from '../domain/app-error';
import { ROLES, type Role } from '../domain/roles';
import { email, line, timeZone } from './schemas/fields';

/** One problem of an import, by line of the file (the header is line 1). */
export interface ImportProblem {
  line: number;
  field: string;
  reason: string;
}

export interface ImportRow {
  line: number;
  name: string;
  email: string;
  timeZone: string;
  department: string | null;
  managerEmail: string | null;
  roles: Role[];
}

/** The columns, in any order; headings are matched without case, spaces or underscores ("Manager email"). */
const COLUMNS = {
  name: 'name',
  email: 'email',
  zone: 'timeZone',
  timezone: 'timeZone',
  department: 'department',
  manageremail: 'managerEmail',
  roles: 'roles',
} as const;
type Column = (typeof COLUMNS)[keyof typeof COLUMNS];
const REQUIRED: Column[] = ['name', 'email', 'timeZone', 'roles'];
export const MAX_IMPORT_ROWS = 2_000;

const rowSchema = z.object({
  name: line(200),
  email,
  timeZone,
  department: z
    .string()
    .max(200)
    .transform((v) => v || null),
  managerEmail: z.union([z.literal('').transform(() => null), email]),
  roles: z
    .string()
    .transform((v) => v.split(/[;|\s]+/).filter(Boolean))
    .pipe(z.array(z.enum(ROLES, { error: `each role must be one of ${ROLES.join(', ')}` })).min(1, 'a person needs at least one role')),
});

/**
 * Reads a people CSV (name, email, zone, department, manager email, roles separated by `;`) and
 * checks every line against the record and the rest of the file: valid fields, emails new and
 * unique in the file, each manager an active person or someone else in the file, no manager
 * cycle within the file. Writes nothing. Every problem is listed with its line.
 */
export async function checkPeopleCsv(db: Db, csv: string): Promise<{ rows: ImportRow[]; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { info: true, skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { rows: [], problems: [{ line: (error as CsvError & { lines?: number }).lines ?? 1, field: 'csv', reason: error.message }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, field: 'csv', reason: 'the file is empty: it needs a header line and one line per person' }] };
  const columns = header.record.map((h) => COLUMNS[h.toLowerCase().replace(/[\s_-]/g, '') as keyof typeof COLUMNS]);
  header.record.forEach((h, i) => {
    if (!columns[i])
      problems.push({ line: header.info.lines, field: h, reason: `unknown column; the columns are name, email, zone, department, manager email, roles` });
  });
  for (const required of REQUIRED) {
    if (!columns.includes(required)) problems.push({ line: header.info.lines, field: required, reason: 'missing column' });
  }
  if (problems.length > 0) return { rows: [], problems };
  if (body.length > MAX_IMPORT_ROWS) return { rows: [], problems: [{ line: 1, field: 'csv', reason: `at most ${MAX_IMPORT_ROWS} people per file` }] };

  const rows: ImportRow[] = [];
  for (const { record, info } of body) {
    if (record.length !== columns.length) {
      problems.push({ line: info.lines, field: 'csv', reason: `${record.length} values where the header has ${columns.length}` });
      continue;
    }
    const raw = Object.fromEntries(columns.map((c, i) => [c, record[i] ?? '']));
    const parsed = rowSchema.safeParse({ department: '', managerEmail: '', ...raw });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line: info.lines, field: String(issue.path[0] ?? 'csv'), reason: issue.message });
      continue;
    }
    rows.push({ line: info.lines, ...parsed.data });
  }
  problems.push(...(await checkAgainstRecordAndFile(db, rows)));
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems };
}

async function checkAgainstRecordAndFile(db: Db, rows: ImportRow[]): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const key = (e: string) => e.toLowerCase();
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const seen = firstLine.get(key(row.email));
    if (seen !== undefined) problems.push({ line: row.line, field: 'email', reason: `${row.email} is on line ${seen} already` });
    else firstLine.set(key(row.email), row.line);
  }
  const existing = await findPeopleByEmails(db, [...rows.map((r) => r.email), ...rows.flatMap((r) => (r.managerEmail ? [r.managerEmail] : []))]);
  const inRecord = new Map(existing.map((p) => [key(p.email), p]));
  const inFile = new Map(rows.map((r) => [key(r.email), r]));
  for (const row of rows) {
    if (inRecord.has(key(row.email))) problems.push({ line: row.line, field: 'email', reason: `a person with email ${row.email} exists already` });
    if (!row.managerEmail) continue;
    const manager = inRecord.get(key(row.managerEmail));
    if (key(row.managerEmail) === key(row.email)) problems.push({ line: row.line, field: 'managerEmail', reason: 'a person cannot be their own manager' });
    else if (manager && !manager.active) problems.push({ line: row.line, field: 'managerEmail', reason: `${row.managerEmail} is no longer active` });
    else if (!manager && !inFile.has(key(row.managerEmail)))
      problems.push({ line: row.line, field: 'managerEmail', reason: `nobody with email ${row.managerEmail} in the record or in this file` });
    else if (!manager && cycleFrom(row, inFile, key))
      problems.push({ line: row.line, field: 'managerEmail', reason: 'the managers in this file form a cycle through this person' });
  }
  return problems;
}

/** Whether following managers within the file from this row comes back to it. */
function cycleFrom(row: ImportRow, inFile: Map<string, ImportRow>, key: (e: string) => string): boolean {
  const seen = new Set<string>();
  let current: ImportRow | undefined = row;
  while (current?.managerEmail) {
    const next = key(current.managerEmail);
    if (next === key(row.email)) return true;
    if (seen.has(next)) return false;
    seen.add(next);
    current = inFile.get(next);
  }
  return false;
}

/**
 * Imports checked rows all together or not at all: one transaction inserts everyone, then sets
 * the managers (someone may manage a person above them in the file), recording each in the
 * audit trail. Refused whole, with every problem by line, if any line is wrong.
 */
export async function importPeople(db: Db, csv: string, actor: Actor, at: Date): Promise<ImportRow[]> {
  const { rows, problems } = await checkPeopleCsv(db, csv);
  if (problems.length > 0) throw importRefused(problems);
  return db.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();
    for (const row of rows) {
      const person = await insertPerson(trx, {
        name: row.name,
        email: row.email,
        time_zone: row.timeZone,
        department: row.department,
        manager_id: null,
        roles: row.roles,
      });
      ids.set(row.email.toLowerCase(), person.id);
    }
    const managers = new Map(
      (
        await findPeopleByEmails(
          trx,
          rows.flatMap((r) => (r.managerEmail ? [r.managerEmail] : [])),
        )
      ).map((p) => [p.email.toLowerCase(), p.id]),
    );
    for (const row of rows) {
      const id = ids.get(row.email.toLowerCase())!;
      const managerId = row.managerEmail ? (managers.get(row.managerEmail.toLowerCase()) ?? null) : null;
      const person = managerId ? await updatePersonRow(trx, id, { manager_id: managerId }) : { id, ...row };
      await recordChange(trx, {
        aimsId: null,
        actor,
        at,
        entityType: 'person',
        entityId: id,
        action: 'imported',
        before: null,
        after: person,
      });
    }
    return rows;
  });
}

export function importRefused(problems: ImportProblem[]): AppError {
  return new AppError(
    'validation_failed',
    `nothing was imported: ${problems.map((p) => `line ${p.line}, ${p.field}: ${p.reason}`).join('; ')}`,
    problems.map((p) => ({ field: `body.csv.line${p.line}.${p.field}`, reason: p.reason })),
  );
}
