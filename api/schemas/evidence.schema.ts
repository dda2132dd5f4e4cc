import { z } from 'zod';
import type { EvidenceFile } from '../../db/tables/evidence-files.table';

export const evidenceFileSchema = z
  .object({
    id: z.uuid(),
    aimsId: z.uuid(),
    itemType: z.string().describe('the kind of item it is evidence for (nc_case, …)'),
    itemId: z.uuid(),
    step: z.string().nullable().describe('containment, effectiveness or action:<action id>; null for the item as a whole'),
    filename: z.string(),
    mediaType: z.string().describe('sniffed from the bytes on upload, never taken from the client'),
    size: z.number().int().describe('bytes'),
    sha256: z.string().describe('hex; the download carries the same in Repr-Digest'),
    uploadedBy: z.uuid(),
    uploadedAt: z.iso.datetime(),
    href: z.string().describe('where to download it'),
  })
  .meta({ id: 'EvidenceFile' });

export const evidenceListSchema = z.object({ items: z.array(evidenceFileSchema) }).meta({ id: 'EvidenceFileList' });

export function toEvidenceDto(row: EvidenceFile): z.infer<typeof evidenceFileSchema> {
  return {
    id: row.id,
    aimsId: row.aims_id,
    itemType: row.item_type,
    itemId: row.item_id,
    step: row.step,
    filename: row.filename,
    mediaType: row.media_type,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at.toISOString(),
    href: `/evidence/${row.id}`,
  };
}
