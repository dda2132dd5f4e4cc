import { stringify } from 'csv-stringify/sync';
import { REGISTER_COLUMNS, type RegisterRow } from './nc-register-rows';

/** The register as CSV (RFC 4180, CRLF, a header line); dates as ISO dates, booleans as yes/no. */
export function registerCsv(rows: RegisterRow[]): string {
  return stringify(
    rows.map((r) => [
      r.reference,
      r.title,
      r.severity,
      r.source,
      r.status,
      r.owner,
      r.ownerId,
      r.raisedOn,
      r.nextDueDate ?? '',
      r.overdue ? 'yes' : 'no',
      r.clauseRef ?? '',
      r.aimsId,
    ]),
    { header: true, columns: [...REGISTER_COLUMNS], record_delimiter: 'windows' },
  );
}
