import type { Db } from '../db/database';
import { listAimsIdsOfOrganisation } from '../db/repositories/aims.repository';
import { lastChangeOf, latestArchiveOf, recordChange } from '../db/repositories/audit-trail.repository';
import { findDeletion, insertDeletionRequest } from '../db/repositories/organisation-deletions.repository';
import { findOrganisationForUpdate } from '../db/repositories/organisations.repository';
import type { OrganisationDeletion } from '../db/tables/organisations.table';
import type { Person } from '../db/tables/people.table';
import { AppError } from '../domain/app-error';

export interface DeletionRequest {
  /** The organisation's name, repeated: the operator confirms which organisation goes. */
  confirmName: string;
  /** The sha256 of the archive the operator took (the download's Repr-Digest). */
  archiveSha256: string;
}

/**
 * Asks for an organisation's deletion: refused unless the name is repeated and the operator
 * holds the organisation's latest archive, taken after its last change (its sha256, as the
 * download's `archive_downloaded` entry recorded it), so nothing is erased that the archive does
 * not hold. Accepted, it writes the deletion's row, from which moment every route answers the
 * organisation as unknown (the reach excludes it), and an entry in the deployment's own record.
 * Asking again while it is under way (or after a start that failed) answers the same row.
 */
export async function requestOrganisationDeletion(
  db: Db,
  organisationId: string,
  request: DeletionRequest,
  operator: Person,
  at: Date,
): Promise<OrganisationDeletion> {
  return db.transaction().execute(async (trx) => {
    const already = await findDeletion(trx, organisationId);
    if (already) return already;
    const organisation = await findOrganisationForUpdate(trx, organisationId);
    if (!organisation) throw new AppError('not_found', `no organisation ${organisationId}`);
    if (request.confirmName !== organisation.name) {
      throw new AppError('validation_failed', "the confirmation does not repeat the organisation's name", [
        { field: 'body.confirmName', reason: "must repeat the organisation's name exactly" },
      ]);
    }
    if (operator.organisation_id === organisationId) {
      throw new AppError('conflict', 'this is your own home organisation: another operator, whose home is elsewhere, deletes it');
    }
    const archive = await latestArchiveOf(trx, organisationId);
    if (!archive)
      throw new AppError('conflict', `no archive of organisation ${organisationId} was taken: download GET /organisations/${organisationId}/export.zip first`);
    if (archive.sha256 !== request.archiveSha256) {
      throw new AppError('conflict', `that is not the organisation's latest archive (taken ${archive.occurred_at.toISOString()}, sha256 ${archive.sha256})`);
    }
    const aimsIds = await listAimsIdsOfOrganisation(trx, organisationId);
    const lastChange = await lastChangeOf(trx, organisationId, aimsIds);
    if (lastChange && lastChange > archive.occurred_at) {
      throw new AppError(
        'conflict',
        `the organisation changed at ${lastChange.toISOString()}, after its latest archive (${archive.occurred_at.toISOString()}): take a new archive first`,
      );
    }
    const deletion = await insertDeletionRequest(trx, {
      organisationId,
      name: organisation.name,
      deletedBy: operator.id,
      at,
      aimsIds,
      archiveSha256: archive.sha256,
      archiveMadeAt: archive.occurred_at,
    });
    // In the deployment's own record (no AIMS, no organisation), which outlives the organisation.
    await recordChange(trx, {
      aimsId: null,
      organisationId: null,
      actor: { id: operator.id, label: 'operator' },
      at,
      entityType: 'organisation',
      entityId: organisationId,
      action: 'deletion_requested',
      before: null,
      after: { aims: aimsIds.length, archiveSha256: archive.sha256 },
    });
    return deletion;
  });
}
