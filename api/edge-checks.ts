import { isoWeekday } from '../calendar/iso-date';
import { localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import type { ApiContext } from './api-context';
import { findAiSystemIdsOfAims } from '../db/repositories/ai-system.repository';
import { isAuditOfAims } from '../db/repositories/audit.repository';
import { hasExternalAudit } from '../db/repositories/certification.repository';
import { findActiveFlags } from '../db/repositories/people.repository';
import { listControlApplicability } from '../db/repositories/soa.repository';
import { AppError } from '../domain/app-error';
import type { AimsSettings } from '../services/aims-settings';

// Checks that need the database or the calendar, done before a command reaches a workflow
// (workflow validators see only the workflow's own state and do no calendar arithmetic).

/**
 * Every named person exists, is active and belongs to the organisation of the AIMS the call acts
 * on (someone of another organisation is answered like an unknown person); otherwise 422 naming
 * each field at fault.
 */
export async function assertActivePeople(ctx: Pick<ApiContext, 'db' | 'organisationId'>, people: { field: string; id: string }[]): Promise<void> {
  if (people.length === 0) return;
  const found = await findActiveFlags(
    ctx.db,
    people.map((p) => p.id),
    ctx.organisationId,
  );
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
  if (await isAuditOfAims(db, aimsId, auditId)) return;
  if (await hasExternalAudit(db, aimsId, auditId)) return;
  throw new AppError('validation_failed', `${field}: no internal or external audit ${auditId} of AIMS ${aimsId}`, [
    { field, reason: 'no such audit of this AIMS' },
  ]);
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * A due date a person proposes (an action's, an extension's, a review decision's) must fall on a
 * working day of the AIMS calendar, as the deadlines the engine computes do. Decided rule: refuse
 * with the reason and the next working day, rather than move it silently; the proposer decides.
 */
export function assertWorkingDays(settings: AimsSettings, dates: { field: string; date: string }[]): void {
  const closed = dates.flatMap((d) => {
    const why = settings.calendar.closureReason(d.date);
    if (why === undefined) return [];
    const reason = why === 'weekend' ? WEEKDAYS[isoWeekday(d.date) - 1]! : why === 'closed day' ? 'a day the organisation is closed' : `public holiday: ${why}`;
    return [
      { ...d, text: `${d.date} is not a working day in this AIMS's calendar (${reason}); the next working day is ${settings.calendar.onOrAfter(d.date)}` },
    ];
  });
  if (closed.length > 0) {
    throw new AppError(
      'validation_failed',
      closed.map((d) => `${d.field}: ${d.text}`).join('; '),
      closed.map((d) => ({ field: d.field, reason: d.text })),
    );
  }
}

/** Every due date a person proposes: not in the past, and on a working day of the AIMS. */
export function assertProposedDueDates(settings: AimsSettings, now: Date, dates: { field: string; date: string }[]): void {
  assertNotPast(settings, now, dates);
  assertWorkingDays(settings, dates);
}

/**
 * Controls named as in place (an AI risk's existing controls) must be ones the AIMS's Statement
 * of Applicability applies: a control the AIMS excluded cannot be relied on. 422 naming each.
 */
export async function assertApplicableControls(db: Db, aimsId: string, controls: { field: string; id: string }[]): Promise<void> {
  if (controls.length === 0) return;
  const excluded = new Set((await listControlApplicability(db, aimsId)).filter((e) => !e.applicable).map((e) => e.control_id));
  const refused = controls.filter((c) => excluded.has(c.id));
  if (refused.length > 0) {
    throw new AppError(
      'validation_failed',
      refused.map((c) => `${c.field}: ${c.id} is marked not applicable in this AIMS's Statement of Applicability`).join('; '),
      refused.map((c) => ({ field: c.field, reason: `${c.id} is not applicable in this AIMS's Statement of Applicability` })),
    );
  }
}

/** Every named AI system belongs to the AIMS (a supplier's dependants); otherwise 422 naming each field at fault. */
export async function assertAiSystemsOfAims(db: Db, aimsId: string, systems: { field: string; id: string }[]): Promise<void> {
  if (systems.length === 0) return;
  const found = new Set(
    await findAiSystemIdsOfAims(
      db,
      aimsId,
      systems.map((s) => s.id),
    ),
  );
  const missing = systems.filter((s) => !found.has(s.id));
  if (missing.length > 0) {
    throw new AppError(
      'validation_failed',
      missing.map((s) => `${s.field}: no AI system ${s.id} in this AIMS`).join('; '),
      missing.map((s) => ({ field: s.field, reason: 'no such AI system of this AIMS' })),
    );
  }
}
