import type { Db } from '../db/database';
import { recordChange } from '../db/repositories/audit-trail.repository';
import { listEvidenceFilesOfAims } from '../db/repositories/evidence.repository';
import {
  beginErasure,
  countDeleted,
  countPersonKept,
  ERASE_STEPS,
  eraseBatch,
  erasePeople,
  findDeletion,
  finishDeletion,
  listLeftovers,
  listPeopleToDelete,
  listPeopleToMove,
  lockDeletion,
  moveHome,
  releaseSessions,
} from '../db/repositories/organisation-deletions.repository';
import type { OrganisationDeletion } from '../db/tables/organisations.table';
import { AppError } from '../domain/app-error';
import type { EvidenceStore } from './evidence-store';

/** Rows per statement: each batch is its own short transaction, so nothing is held for long and a crash loses at most one batch's work. */
const BATCH = 500;

/** The deletion asked for, or a deterministic failure (no retry can make one up). */
export async function deletionOr404(db: Db, organisationId: string): Promise<OrganisationDeletion> {
  const deletion = await findDeletion(db, organisationId);
  if (!deletion) throw new AppError('not_found', `no deletion of organisation ${organisationId} was asked for`);
  return deletion;
}

/**
 * Erases an organisation's record, resuming wherever an earlier attempt stopped: every table's
 * rows a batch at a time (evidence content through its store first; each batch counted in `organisation_deletions` in its own
 * transaction), then its people: those who are members (or external auditors) elsewhere keep
 * their account with their home moved there, recorded in that organisation's own record; the
 * others go with their sign-ins, tokens and outbox rows. Ends by checking the catalogue for any
 * row still naming the organisation or its AIMS. Harmless once done.
 */
export async function eraseOrganisation(
  db: Db,
  store: EvidenceStore,
  organisationId: string,
  now: () => Date,
  progress: (detail: string) => void,
): Promise<{ peopleKept: number }> {
  const deletion = await deletionOr404(db, organisationId);
  if (deletion.status === 'deleted') return { peopleKept: deletion.people_kept };
  const aimsIds = deletion.aims_ids;
  // Files first, through whichever store holds them, while their rows still say which they are.
  for (let after: string | null = null; ;) {
    const files = await listEvidenceFilesOfAims(db, aimsIds, after, BATCH);
    if (files.length === 0) break;
    await db.transaction().execute(async (trx) => countDeleted(trx, organisationId, 'evidence_blobs', await store.remove(trx, files)));
    progress(`evidence content: ${files.length}`);
    after = files[files.length - 1]!.id;
  }
  for (const step of ERASE_STEPS) {
    for (;;) {
      const rows = await db.transaction().execute(async (trx) => {
        await beginErasure(trx, organisationId);
        return eraseBatch(trx, organisationId, aimsIds, step, BATCH);
      });
      progress(`${step.table}: ${rows}`);
      if (rows < BATCH) break;
    }
  }
  for (const person of await listPeopleToMove(db, organisationId)) {
    await db.transaction().execute(async (trx) => {
      if (!(await moveHome(trx, person.id, organisationId, person.new_home))) return;
      await countPersonKept(trx, organisationId);
      // Recorded where the person is now managed: the deleted organisation's record is gone.
      await recordChange(trx, {
        aimsId: null,
        organisationId: person.new_home,
        actor: { id: deletion.deleted_by, label: 'operator' },
        at: now(),
        entityType: 'person',
        entityId: person.id,
        action: 'home_moved',
        before: { organisationId },
        after: { organisationId: person.new_home, reason: 'their home organisation was deleted' },
      });
    });
    progress(`person kept: ${person.id}`);
  }
  await releaseSessions(db, organisationId);
  for (;;) {
    const people = await listPeopleToDelete(db, organisationId, BATCH);
    if (people.length === 0) break;
    await db.transaction().execute(async (trx) => {
      await beginErasure(trx, organisationId);
      await erasePeople(trx, organisationId, people);
    });
    progress(`people: ${people.length}`);
  }
  const left = await listLeftovers(db, organisationId, aimsIds);
  if (left.length > 0) {
    throw new AppError('conflict', `rows of organisation ${organisationId} are left: ${left.map((l) => `${l.table}.${l.column} (${l.rows})`).join(', ')}`);
  }
  return { peopleKept: (await deletionOr404(db, organisationId)).people_kept };
}

/**
 * The organisation's row goes and the deletion is marked done, with an entry in the deployment's
 * own record (no AIMS, no organisation: the one chain that outlives every organisation) naming
 * the organisation's id and what was deleted, never a person. Harmless once done.
 */
export async function finishOrganisationErasure(db: Db, organisationId: string, workflowsTerminated: number, at: Date): Promise<OrganisationDeletion> {
  return db.transaction().execute(async (trx) => {
    const deletion = await lockDeletion(trx, organisationId);
    if (!deletion) throw new AppError('not_found', `no deletion of organisation ${organisationId} was asked for`);
    if (deletion.status === 'deleted') return deletion;
    const done = await finishDeletion(trx, organisationId, at, workflowsTerminated);
    await recordChange(trx, {
      aimsId: null,
      organisationId: null,
      actor: { id: deletion.deleted_by, label: 'operator' },
      at,
      entityType: 'organisation',
      entityId: organisationId,
      action: 'deleted',
      before: null,
      after: { rows: done.summary, workflowsTerminated, peopleKept: done.people_kept, archiveSha256: done.archive_sha256 },
    });
    return done;
  });
}
