import { sql } from 'kysely';
import { localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import { AppError } from '../domain/app-error';
import type { AimsSettings } from '../services/aims-settings';

// Checks that need the database or the calendar, done before a command reaches a workflow
// (workflow validators see only the workflow's own state and do no calendar arithmetic).

/** Every named person exists and is active; otherwise 422 naming each field at fault. */
export async function assertActivePeople(db: Db, people: { field: string; id: string }[]): Promise<void> {
  if (people.length === 0) return;
  const found = await db.selectFrom('people').select(['id', 'active']).where('id', 'in', people.map((p) => p.id)).execute();
  const active = new Set(found.filter((p) => p.active).map((p) => p.id));
  const missing = people.filter((p) => !active.has(p.id));
  if (missing.length > 0) {
    throw new AppError(
      'validation_failed',
      missing.map((p) => `${p.field}: no active person ${p.id}`).join('; '),
      missing.map((p) => ({ field: p.field, reason: 'no such active person' })),
    );
  }
}

export function todayIn(settings: AimsSettings, now: Date): string {
  return localDateOf(now, settings.aims.time_zone);
}

/** A due date must not lie before today in the AIMS zone. */
export function assertNotPast(settings: AimsSettings, now: Date, dates: { field: string; date: string }[]): void {
  const today = todayIn(settings, now);
  const past = dates.filter((d) => d.date < today);
  if (past.length > 0) {
    throw new AppError(
      'validation_failed',
      past.map((d) => `${d.field}: ${d.date} is in the past (today is ${today} in ${settings.aims.time_zone})`).join('; '),
      past.map((d) => ({ field: d.field, reason: `is before today (${today})` })),
    );
  }
}

/**
 * An audit a case names belongs to the case's AIMS: an internal audit (`audits`) or an external
 * audit recorded on the AIMS's certification (kept in its `external_audits` list, no table of
 * its own, so no foreign key can say it). Otherwise 422 naming the field.
 */
export async function assertAuditOfAims(db: Db, aimsId: string, auditId: string, field: string): Promise<void> {
  const internal = await db.selectFrom('audits').select('id').where('id', '=', auditId).where('aims_id', '=', aimsId).executeTakeFirst();
  if (internal) return;
  const external = await db
    .selectFrom('certifications')
    .select('aims_id')
    .where('aims_id', '=', aimsId)
    .where(sql<boolean>`external_audits @> ${JSON.stringify([{ id: auditId }])}::jsonb`)
    .executeTakeFirst();
  if (external) return;
  throw new AppError('validation_failed', `${field}: no internal or external audit ${auditId} of AIMS ${aimsId}`, [
    { field, reason: 'no such audit of this AIMS' },
  ]);
}
