import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/database';
import { listEntityIdsOfTypeIn, listTrailEntries } from '../../db/repositories/audit-trail.repository';
import { listCasesOfAimsByNumber } from '../../db/repositories/case.repository';

export interface RegisterLine {
  id: string;
  reference: string;
  title: string;
  severity: string;
  source: string;
  raisedOn: string;
  clauseRef: string | null;
  /** The status the case had at the instant: its last status change recorded by then. */
  status: string;
}

/**
 * The nonconformity register as it stood at an instant: the cases raised by then (their
 * `raised` entry in the trail), each with its status as of then from the trail's status changes.
 * A case with no entry in the trail at all (written into the record by other means, as tests
 * seed them) counts if raised by the instant's date, with its recorded status.
 */
export async function registerAsOf(db: Db, aimsId: string, asOf: Date): Promise<RegisterLine[]> {
  const [cases, changes] = await Promise.all([
    listCasesOfAimsByNumber(db, aimsId),
    listTrailEntries(db, aimsId, { entityType: 'nc_case', to: new Date(asOf.getTime() + 1) }),
  ]);
  const status = new Map<string, string>();
  const traced = new Set(await listEntityIdsOfTypeIn(db, aimsId, 'nc_case'));
  for (const c of changes) {
    const after = c.after as { status?: unknown } | null;
    if (c.action === 'raised') status.set(c.entity_id, 'containment');
    else if (typeof after?.status === 'string' && status.has(c.entity_id)) status.set(c.entity_id, after.status);
  }
  const day = asOf.toISOString().slice(0, 10);
  for (const c of cases) if (!traced.has(c.id) && c.raised_on <= day) status.set(c.id, c.status);
  return cases
    .filter((c) => status.has(c.id))
    .map((c) => ({
      id: c.id,
      reference: `NC-${c.number}`,
      title: c.title,
      severity: c.severity,
      source: c.source,
      raisedOn: c.raised_on,
      clauseRef: c.clause_ref,
      status: status.get(c.id)!,
    }));
}

export const REGISTER_AS_OF_COLUMNS = ['Reference', 'Title', 'Severity', 'Source', 'Raised on', 'Clause or control', 'Status as of'] as const;

export function registerAsOfCsv(lines: readonly RegisterLine[]): string {
  return stringify(
    lines.map((l) => [l.reference, l.title, l.severity, l.source, l.raisedOn, l.clauseRef ?? '', l.status]),
    { header: true, columns: [...REGISTER_AS_OF_COLUMNS], record_delimiter: 'windows' },
  );
}
