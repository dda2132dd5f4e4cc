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
