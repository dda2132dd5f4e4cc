import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { recordChange } from '../db/repositories/audit-trail.repository';
import { insertEvidenceFile } from '../db/repositories/evidence.repository';
import type { EvidenceFile } from '../db/tables/evidence-files.table';
import type { Person } from '../db/tables/people.table';
import { AppError } from '../domain/app-error';
import { ACCEPTED_EVIDENCE_TYPES } from '../domain/evidence';
import type { EvidenceStore } from './evidence-store';
import { sniffMediaType } from './evidence-sniff';

export interface NewEvidence {
  aimsId: string;
  itemType: string;
  itemId: string;
  step: string | null;
  filename: string;
  content: Buffer;
}

/**
 * Stores one evidence file: refuses an empty file or a type not accepted (sniffed from the
 * bytes), then has the store keep the content with the metadata row and the trail entry, so
 * that a refused or failed upload leaves nothing a reader can reach (see `EvidenceStore.keep`).
 */
export async function storeEvidence(db: Db, store: EvidenceStore, e: NewEvidence, by: Person, at: Date): Promise<EvidenceFile> {
  if (e.content.length === 0) throw new AppError('validation_failed', 'body.file: is empty', [{ field: 'body.file', reason: 'is empty' }]);
  const mediaType = await sniffMediaType(e.content, e.filename);
  if (!(ACCEPTED_EVIDENCE_TYPES as readonly string[]).includes(mediaType)) {
    throw new AppError('unsupported_media_type', `body.file: its content is ${mediaType}, not one of ${ACCEPTED_EVIDENCE_TYPES.join(', ')}`, [
      { field: 'body.file', reason: `content is ${mediaType}, which is not accepted` },
    ]);
  }
  const sha256 = createHash('sha256').update(e.content).digest('hex');
  // The id is chosen here, before anything is written: an object store keys the content by it.
  const fileId = randomUUID();
  return store.keep(
    db,
    { fileId, aimsId: e.aimsId, content: e.content, sha256, mediaType },
    {
      row: (trx) =>
        insertEvidenceFile(trx, {
          id: fileId,
          aims_id: e.aimsId,
          item_type: e.itemType,
          item_id: e.itemId,
          step: e.step,
          filename: e.filename,
          media_type: mediaType,
          size_bytes: e.content.length,
          sha256,
          store: store.kind,
          uploaded_by: by.id,
          uploaded_at: at,
        }),
      trail: (trx) =>
        recordChange(trx, {
          aimsId: e.aimsId,
          actor: { id: by.id, label: by.name },
          at,
          entityType: 'evidence_file',
          entityId: fileId,
          action: 'uploaded',
          before: null,
          after: { itemType: e.itemType, itemId: e.itemId, step: e.step, filename: e.filename, mediaType, size: e.content.length, sha256 },
        }),
    },
  );
}
