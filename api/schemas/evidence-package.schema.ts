import { z } from 'zod';
import type { EvidencePackageRow } from '../../db/tables/evidence-packages.table';
import { PACKAGE_KINDS } from '../../domain/evidence-package';
import { calendarDate, instant } from './fields';

export const newEvidencePackageSchema = z
  .object({
    kind: z.enum(PACKAGE_KINDS).describe('the audit of the certification record the package is for'),
    asOf: instant.optional().describe('the instant the package is frozen at (default: now); not in the future'),
    periodStart: calendarDate
      .optional()
      .describe('the first day of the period whose audits, reviews and trail it holds (default: a year before the as-of date)'),
  })
  .strict();

export const evidencePackageSchema = z
  .object({
    id: z.uuid(),
    aimsId: z.uuid(),
    kind: z.enum(PACKAGE_KINDS),
    asOf: z.iso.datetime(),
    periodStart: z.string(),
    status: z.enum(['building', 'built', 'failed']),
    progress: z.object({ done: z.number().int(), total: z.number().int().describe('files to make; 0 until the build has planned them') }),
    sha256: z.string().nullable().describe("the ZIP's sha256 once built (also in the audit trail)"),
    size: z.number().int().nullable(),
    failure: z.string().nullable(),
    requestedBy: z.uuid(),
    requestedAt: z.iso.datetime(),
    builtAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'EvidencePackage' });

export function toEvidencePackageDto(row: Omit<EvidencePackageRow, 'content'>): z.infer<typeof evidencePackageSchema> {
  return {
    id: row.id,
    aimsId: row.aims_id,
    kind: row.kind,
    asOf: row.as_of.toISOString(),
    periodStart: row.period_start,
    status: row.status,
    progress: { done: row.files_done, total: row.files_total },
    sha256: row.sha256,
    size: row.size === null ? null : Number(row.size),
    failure: row.failure,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    builtAt: row.built_at?.toISOString() ?? null,
  };
}
