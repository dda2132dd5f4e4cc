import { Context } from '@temporalio/activity';
import type { Db } from '../../db/database';
import { recordChange } from '../../db/repositories/audit-trail.repository';
import {
  findEvidencePackageById,
  markEvidencePackageBuilt,
  markEvidencePackageFailed,
  setEvidencePackageProgress,
} from '../../db/repositories/evidence-package.repository';
import { findPersonNames } from '../../db/repositories/people.repository';
import type { Clock } from '../../domain/clock';
import { buildPackage } from '../../services/evidence-package/build-package';
import { postgresEvidenceStore, type EvidenceStore } from '../../services/evidence-store';
import { missingRow } from '../classify-failure';

/** Tells Temporal the build is alive, when running as an activity (a test may call it directly). */
function heartbeat(details: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // not inside an activity
  }
}

/**
 * Builds one evidence package: every file in turn (progress written to its row, so the page
 * shows it), then stores the ZIP and records its sha256 in the AIMS's audit trail, in one
 * transaction. A package already built is left as it is (a retried attempt stores nothing twice).
 */
export function createBuildEvidencePackage({ db, clock, evidenceStore = postgresEvidenceStore }: { db: Db; clock: Clock; evidenceStore?: EvidenceStore }) {
  return async function buildEvidencePackage(input: { packageId: string }): Promise<{ sha256: string | null }> {
    const row = await findEvidencePackageById(db, input.packageId);
    if (!row) throw missingRow(`no evidence package ${input.packageId}`);
    if (row.status !== 'building') return { sha256: row.sha256 };
    const request = { aimsId: row.aims_id, kind: row.kind, asOf: row.as_of, periodStart: row.period_start };
    const built = await buildPackage(db, evidenceStore, request, async (done, total) => {
      await setEvidencePackageProgress(db, row.id, done, total);
      heartbeat({ done, total });
    });
    const [requester] = await findPersonNames(db, [row.requested_by]);
    await db.transaction().execute(async (trx) => {
      const stored = await markEvidencePackageBuilt(trx, row.id, {
        content: built.zip,
        sha256: built.sha256,
        files: built.manifest.files.length + 1,
        builtAt: clock.now(),
      });
      if (!stored) return;
      await recordChange(trx, {
        aimsId: row.aims_id,
        actor: { id: row.requested_by, label: requester?.name ?? 'unknown' },
        at: clock.now(),
        entityType: 'evidence_package',
        entityId: row.id,
        action: 'built',
        before: null,
        after: {
          kind: row.kind,
          asOf: row.as_of.toISOString(),
          periodStart: row.period_start,
          sha256: built.sha256,
          size: built.zip.length,
          files: built.manifest.files.length,
          chainHead: built.manifest.chainHead,
        },
      });
    });
    return { sha256: built.sha256 };
  };
}

/** Marks a build that cannot succeed as failed, with the reason the page shows. */
export function createFailEvidencePackage({ db }: { db: Db }) {
  return async function failEvidencePackage(input: { packageId: string; reason: string }): Promise<void> {
    await markEvidencePackageFailed(db, input.packageId, input.reason.slice(0, 2000));
  };
}
