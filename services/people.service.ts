import type { Db, DbOrTrx } from '../db/database';
import { issueToken } from '../db/repositories/api-tokens.repository';
import { recordChange, type Actor } from '../db/repositories/audit-trail.repository';
import { findPersonByEmail, findPersonById, insertPerson } from '../db/repositories/people.repository';
import type { Person } from '../db/tables/people.table';
import type { Role } from '../domain/roles';
import { AppError } from '../domain/app-error';

export interface PersonDraft {
  name: string;
  email: string;
  timeZone: string;
  department?: string | null;
  managerId?: string | null;
  roles: Role[];
  /** The home organisation; the default organisation when none is named (bootstrap, single organisation). */
  organisationId?: string;
  /** The deployment's operator (`person:create --operator`): creates organisations, sees nothing inside them. */
  operator?: boolean;
}

/**
 * Creates a person and records it in the audit trail, in one transaction; both the admin route
 * and the bootstrap command come here, so a person is created one way only.
 */
export async function createPerson(db: Db, draft: PersonDraft, actor: Actor, at: Date): Promise<Person> {
  return db.transaction().execute((trx) => insertPersonRecorded(trx, draft, actor, at));
}

/** `createPerson` inside the caller's transaction (an organisation created with its first admin). */
export async function insertPersonRecorded(trx: DbOrTrx, draft: PersonDraft, actor: Actor, at: Date): Promise<Person> {
  if (await findPersonByEmail(trx, draft.email)) {
    throw new AppError('conflict', `a person with email ${draft.email} exists already`, [{ field: 'body.email', reason: 'already taken' }]);
  }
  if (draft.managerId && !(await findPersonById(trx, draft.managerId))) {
    throw new AppError('validation_failed', `manager ${draft.managerId} does not exist`, [{ field: 'body.managerId', reason: 'no such person' }]);
  }
  const person = await insertPerson(trx, {
    name: draft.name,
    email: draft.email,
    time_zone: draft.timeZone,
    department: draft.department ?? null,
    manager_id: draft.managerId ?? null,
    roles: draft.roles,
    ...(draft.organisationId ? { organisation_id: draft.organisationId } : {}),
    ...(draft.operator ? { operator: true } : {}),
  });
  await recordChange(trx, {
    aimsId: null,
    actor,
    at,
    entityType: 'person',
    entityId: person.id,
    action: 'created',
    before: null,
    after: person,
  });
  return person;
}

/** Issues an API token for a person, recording who did it (never the secret). */
export async function issueTokenFor(
  db: Db,
  personId: string,
  label: string,
  actor: Actor,
  at: Date,
  expiresAt: Date | null = null,
): Promise<{ id: string; secret: string }> {
  return db.transaction().execute(async (trx) => {
    if (!(await findPersonById(trx, personId))) throw new AppError('not_found', `no person ${personId}`);
    const token = await issueToken(trx, personId, label, expiresAt);
    await recordChange(trx, {
      aimsId: null,
      actor,
      at,
      entityType: 'api_token',
      entityId: token.id,
      action: 'issued',
      before: null,
      after: { personId, label, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return token;
  });
}
