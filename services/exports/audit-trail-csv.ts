import { stringify } from 'csv-stringify/sync';
import type { TrailEntryDto } from '../audit-trail-queries';

export const TRAIL_COLUMNS = [
  'Seq',
  'Entry id',
  'Occurred at',
  'Actor id',
  'Actor',
  'Entity type',
  'Entity id',
  'Action',
  'Before',
  'After',
  'Hash',
  'Previous hash',
] as const;

/** The trail as CSV (RFC 4180, CRLF): one line per entry in chain order, before and after as JSON. */
export function trailCsv(entries: readonly TrailEntryDto[]): string {
  return stringify(
    entries.map((e) => [
      e.seq,
      e.id,
      e.occurredAt,
      e.actorId ?? '',
      e.actor,
      e.entityType,
      e.entityId,
      e.action,
      e.before ?? '',
      e.after ?? '',
      e.hash,
      e.prevHash,
    ]),
    { header: true, columns: [...TRAIL_COLUMNS], record_delimiter: 'windows' },
  );
}
