import type { DbOrTrx } from '../db/database';
import { hasAnyGrant, listActiveGrantsOfPerson } from '../db/repositories/external-auditor-grants.repository';
import { listReachRows } from '../db/repositories/memberships.repository';
import { AppError } from '../domain/app-error';

/**
 * Whether a person is an external auditor (issue #14) outside every grant: someone who has been
 * granted external auditor access, holds no membership, and has no grant in force at `at`
 * (before its period, after it, or revoked). Such a person is signed out everywhere: their token
 * and page session answer 401, and no sign-in link is sent to them. (Chosen over 404 per route:
 * nothing is left that they may do, and a 401 tells them so without saying what exists.)
 */
export async function isOutsideEveryGrant(db: DbOrTrx, personId: string, at: Date): Promise<boolean> {
  if (!(await hasAnyGrant(db, personId))) return false;
  const [memberships, active] = await Promise.all([listReachRows(db, personId), listActiveGrantsOfPerson(db, personId, at)]);
  return outsideEveryGrant({ everGranted: true, memberships, grantsInForce: active });
}

/** The rule of `isOutsideEveryGrant` over what was read already (an API caller's lookup reads it all at once). */
export function outsideEveryGrant(read: { everGranted: boolean; memberships: readonly unknown[]; grantsInForce: readonly unknown[] }): boolean {
  return read.everGranted && read.memberships.length === 0 && read.grantsInForce.length === 0;
}

/** Fails with 401 for an external auditor outside every grant; see `isOutsideEveryGrant`. */
export function assertAccessInForce(read: Parameters<typeof outsideEveryGrant>[0]): void {
  if (outsideEveryGrant(read)) {
    throw new AppError('unauthenticated', 'your external auditor access is not in force: its period has not begun or has ended, or it was revoked');
  }
}
