import type { Db, DbOrTrx } from '../db/database';
import { recordChange, type Actor } from '../db/repositories/audit-trail.repository';
import {
  findPersonByEmail,
  findPersonById,
  lockActiveAdmins,
  lockPerson,
  managerChainOf,
  updatePersonRow,
  type PersonPatch,
} from '../db/repositories/people.repository';
import type { Person } from '../db/tables/people.table';
import { AppError } from '../domain/app-error';
import type { Role } from '../domain/roles';

/** The fields of a person that can change; absent ones stay as they are. */
export interface PersonEdit {
  name?: string;
  email?: string;
  timeZone?: string;
  department?: string | null;
  managerId?: string | null;
  roles?: Role[];
}

/**
 * Changes a person, refusing (nothing written) a taken email, an unknown, inactive or circular
 * manager, and the demotion of the last active administrator; records before and after in the
 * audit trail. Answers both, so the caller can tell the workflows what moved.
 */
export async function editPerson(db: Db, id: string, edit: PersonEdit, actor: Actor, at: Date): Promise<{ before: Person; after: Person }> {
  return db.transaction().execute(async (trx) => {
    if (!(await findPersonById(trx, id))) throw new AppError('not_found', `no person ${id}`);
    await lockPerson(trx, id);
    const before = (await findPersonById(trx, id))!;
    if (!before.active) throw new AppError('conflict', `${before.name} has been deactivated and cannot be changed`);
    if (edit.email !== undefined) await assertEmailFree(trx, edit.email, id);
    if (edit.managerId) await assertManagerFits(trx, id, edit.managerId);
    if (edit.roles && before.roles.includes('admin') && !edit.roles.includes('admin')) await assertAnotherAdmin(trx, id);
    const patch: PersonPatch = {
      name: edit.name,
      email: edit.email,
      time_zone: edit.timeZone,
      department: edit.department,
      manager_id: edit.managerId,
      roles: edit.roles,
    };
    const after = await updatePersonRow(trx, id, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    await recordChange(trx, {
      aimsId: null,
      actor,
      at,
      entityType: 'person',
      entityId: id,
      action: 'changed',
      before,
      after,
    });
    return { before, after };
  });
}

async function assertEmailFree(trx: DbOrTrx, email: string, id: string): Promise<void> {
  const holder = await findPersonByEmail(trx, email);
  if (holder && holder.id !== id) {
    throw new AppError('conflict', `a person with email ${email} exists already`, [{ field: 'body.email', reason: 'already taken' }]);
  }
}

/** The manager exists, is active, and is not the person or anyone below them (no cycle). */
export async function assertManagerFits(trx: DbOrTrx, id: string, managerId: string): Promise<void> {
  const refuse = (reason: string) => new AppError('validation_failed', `body.managerId: ${reason}`, [{ field: 'body.managerId', reason }]);
  if (managerId === id) throw refuse('a person cannot be their own manager');
  const manager = await findPersonById(trx, managerId);
  if (!manager?.active) throw refuse('no such active person');
  const chain = await managerChainOf(trx, managerId);
  if (chain.includes(id)) throw refuse(`${manager.name} reports (directly or not) to this person: that would make a manager cycle`);
}

/** An organisation keeps at least one active administrator, or nobody could manage people again. */
export async function assertAnotherAdmin(trx: DbOrTrx, id: string): Promise<void> {
  const admins = await lockActiveAdmins(trx);
  if (admins.every((adminId) => adminId === id)) {
    throw new AppError('conflict', 'this is the last active administrator: make someone else an admin first', [
      { field: 'body.roles', reason: 'the last active administrator cannot give up the admin role' },
    ]);
  }
}
