import type { ColumnType, Generated, Selectable } from 'kysely';

/** One evidence file: metadata here, content in its store (`store`: where the bytes are). */
export interface EvidenceFilesTable {
  id: Generated<string>;
  aims_id: string;
  /** The item it is evidence for (`nc_case`, …) and, where it says, the step (`containment`, `action:<id>`, `effectiveness`). */
  item_type: string;
  item_id: string;
  step: string | null;
  filename: string;
  /** Sniffed from the bytes, never taken from the client. */
  media_type: string;
  /** bigint: node-postgres returns it as a string. */
  size_bytes: ColumnType<string, number, never>;
  sha256: string;
  store: 'postgres' | 's3';
  uploaded_by: string;
  uploaded_at: Date;
}

export interface EvidenceBlobsTable {
  file_id: string;
  content: Buffer;
}

export type EvidenceFile = Selectable<EvidenceFilesTable>;
