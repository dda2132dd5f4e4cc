import type { ColumnType, Selectable } from 'kysely';

/** One audit evidence package (issue #14): its request, its build's progress, and the built ZIP. */
export interface EvidencePackagesTable {
  id: string;
  aims_id: string;
  kind: 'stage1' | 'stage2' | 'surveillance' | 'recertification';
  as_of: Date;
  /** The first day of the period whose audits, reviews and trail the package holds (YYYY-MM-DD). */
  period_start: string;
  status: 'building' | 'built' | 'failed';
  files_done: ColumnType<number, number | undefined, number>;
  files_total: ColumnType<number, number | undefined, number>;
  sha256: string | null;
  /** bigint: node-postgres returns it as a string. */
  size: ColumnType<string | null, number | null, number | null>;
  content: Buffer | null;
  failure: string | null;
  requested_by: string;
  requested_at: Date;
  built_at: Date | null;
}

export type EvidencePackageRow = Selectable<EvidencePackagesTable>;
