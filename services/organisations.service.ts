import type { Db } from '../db/database';
import { recordChange, type Actor } from '../db/repositories/audit-trail.repository';
import { findOrganisationForUpdate, insertOrganisation, updateOrganisationSettings } from '../db/repositories/organisations.repository';
import type { Organisation } from '../db/tables/organisations.table';
import type { Person } from '../db/tables/people.table';
import { AppError } from '../domain/app-error';
import type { PolicyOverrides } from '../domain/policy';
import { insertPersonRecorded } from './people.service';

export interface OrganisationDraft {
  name: string;
  admin: { name: string; email: string; timeZone: string; department?: string | null };
}

/**
 * The operator's one act inside the deployment: a new organisation and its first admin (a new
 * person whose home it is, holding `admin` there), both in the trail, in one transaction (a
 * taken email leaves no organisation behind). The organisation's own record starts with that.
 */
export async function createOrganisationWithAdmin(
  db: Db,
  draft: OrganisationDraft,
  actor: Actor,
  at: Date,
): Promise<{ organisation: Organisation; admin: Person }> {
  return db.transaction().execute(async (trx) => {
    const organisation = await insertOrganisation(trx, { name: draft.name });
    const admin = await insertPersonRecorded(trx, { ...draft.admin, roles: ['admin'], organisationId: organisation.id }, actor, at);
    await recordChange(trx, {
      aimsId: null,
      actor,
      at,
      entityType: 'organisation',
      entityId: organisation.id,
      action: 'created',
      before: null,
      after: { ...organisation, firstAdminId: admin.id },
    });
    return { organisation, admin };
  });
}

export interface OrganisationSettings {
  senderName: string | null;
  replyTo: string | null;
  defaultTimeZone: string | null;
  defaultHolidayRegion: string | null;
  defaultPolicy: PolicyOverrides;
}

/** Replaces an organisation's settings as a whole and records before and after. */
export async function changeOrganisationSettings(db: Db, id: string, settings: OrganisationSettings, actor: Actor, at: Date): Promise<Organisation> {
  return db.transaction().execute(async (trx) => {
    const before = await findOrganisationForUpdate(trx, id);
    if (!before) throw new AppError('not_found', `no organisation ${id}`);
    const after = await updateOrganisationSettings(trx, id, {
      sender_name: settings.senderName,
      reply_to: settings.replyTo,
      default_time_zone: settings.defaultTimeZone,
      default_holiday_region: settings.defaultHolidayRegion,
      default_policy: JSON.stringify(settings.defaultPolicy),
    });
    await recordChange(trx, { aimsId: null, actor, at, entityType: 'organisation', entityId: id, action: 'settings_changed', before, after: after! });
    return after!;
  });
}
