import { addCalendarDays, epochDayOf } from '../calendar/iso-date';
import { instantAt, localDateOf } from '../calendar/local-time';
import type { Db, DbOrTrx } from '../db/database';
import { recordChange, type Actor } from '../db/repositories/audit-trail.repository';
import { findAimsById } from '../db/repositories/aims.repository';
import { findCertificationRow } from '../db/repositories/certification.repository';
import { findGrantOfAims, insertGrant, revokeGrant } from '../db/repositories/external-auditor-grants.repository';
import { listReachRows } from '../db/repositories/memberships.repository';
import { findPersonByEmail, insertPerson } from '../db/repositories/people.repository';
import type { ExternalAuditorGrant } from '../db/tables/external-auditor-grants.table';
import { AppError } from '../domain/app-error';
import { auditDate, CERTIFICATION_AUDITS, DEFAULT_MARGIN_DAYS, MAX_GRANT_DAYS, type CertificationAudit } from '../domain/external-auditor';

export interface GrantRequest {
  name: string;
  email: string;
  audit?: CertificationAudit;
  from?: string;
  until?: string;
}

export interface DefaultPeriod {
  audit: CertificationAudit;
  auditDate: string;
  from: string;
  until: string;
}

const invalid = (field: string, reason: string) => new AppError('validation_failed', `${field}: ${reason}`, [{ field, reason }]);

/** For each certification audit with a known date, the default period: that date ± 7 days. */
export async function defaultPeriods(db: DbOrTrx, aimsId: string): Promise<DefaultPeriod[]> {
  const row = await findCertificationRow(db, aimsId);
  if (!row) return [];
  const dates = {
    stage1: row.stage1_date,
    stage2: row.stage2_date,
    recorded: (row.external_audits as { kind: string; date: string }[] | null) ?? [],
    planned: (row.planned_audits as { kind: string; dueDate: string }[] | null) ?? [],
  };
  return CERTIFICATION_AUDITS.flatMap((audit) => {
    const date = auditDate(dates, audit);
    return date ? [{ audit, auditDate: date, from: addCalendarDays(date, -DEFAULT_MARGIN_DAYS), until: addCalendarDays(date, DEFAULT_MARGIN_DAYS) }] : [];
  });
}

/** The period asked for, or the audit's default; refused with the field named when it cannot be a grant's. */
async function periodOf(db: DbOrTrx, aimsId: string, request: GrantRequest, today: string): Promise<{ from: string; until: string }> {
  let { from, until } = request;
  if (from === undefined || until === undefined) {
    if (!request.audit) throw invalid('body.audit', 'name the certification audit the access is for, or give both from and until');
    const found = (await defaultPeriods(db, aimsId)).find((p) => p.audit === request.audit);
    if (!found) throw invalid('body.audit', `the certification record has no date for ${request.audit}; give from and until`);
    from ??= found.from;
    until ??= found.until;
  }
  if (epochDayOf(until) <= epochDayOf(from)) throw invalid('body.until', `must be after from (${from})`);
  if (epochDayOf(until) - epochDayOf(from) + 1 > MAX_GRANT_DAYS) throw invalid('body.until', `the period may cover at most ${MAX_GRANT_DAYS} days`);
  if (epochDayOf(until) < epochDayOf(today)) throw invalid('body.until', `the period has ended already (today is ${today})`);
  return { from, until };
}

/**
 * Grants the certification body's auditor read-only access to one AIMS for a period (issue #14).
 * The auditor is found by email or created (name and email only, in the AIMS's organisation, no
 * role); someone holding a role in the organisation already is refused (they read through that).
 * The person (if new) and the grant are recorded in the trail, in one transaction.
 */
export async function grantExternalAuditor(
  db: Db,
  aimsId: string,
  request: GrantRequest,
  actor: Actor & { id: string },
  at: Date,
): Promise<ExternalAuditorGrant> {
  const aims = await findAimsById(db, aimsId);
  if (!aims) throw new AppError('not_found', `no aims ${aimsId}`);
  const period = await periodOf(db, aimsId, request, localDateOf(at, aims.time_zone));
  return db.transaction().execute(async (trx) => {
    let person = await findPersonByEmail(trx, request.email);
    if (person && !person.active) throw invalid('body.email', 'belongs to a person who is no longer active');
    if (person && (await listReachRows(trx, person.id)).some((r) => r.organisation_id === aims.organisation_id)) {
      throw invalid('body.email', 'belongs to a member of this organisation who holds roles here; external auditor access is for people without one');
    }
    if (!person) {
      person = await insertPerson(trx, {
        name: request.name,
        email: request.email,
        time_zone: aims.time_zone,
        department: null,
        manager_id: null,
        roles: [],
        organisation_id: aims.organisation_id,
      });
      await recordChange(trx, { aimsId: null, actor, at, entityType: 'person', entityId: person.id, action: 'created', before: null, after: person });
    }
    const grant = await insertGrant(trx, {
      organisationId: aims.organisation_id,
      aimsId,
      personId: person.id,
      audit: request.audit ?? null,
      fromDate: period.from,
      untilDate: period.until,
      validFrom: instantAt(period.from, '00:00', aims.time_zone),
      validUntil: instantAt(addCalendarDays(period.until, 1), '00:00', aims.time_zone),
      grantedBy: actor.id,
      grantedAt: at,
    });
    await recordChange(trx, { aimsId, actor, at, entityType: 'external_auditor_grant', entityId: grant.id, action: 'granted', before: null, after: grant });
    return grant;
  });
}

/** Ends a grant at once (its auditor's session with it); 404 for a grant of another AIMS, 409 when revoked already. */
export async function revokeExternalAuditor(db: Db, aimsId: string, grantId: string, actor: Actor & { id: string }, at: Date): Promise<ExternalAuditorGrant> {
  return db.transaction().execute(async (trx) => {
    const before = await findGrantOfAims(trx, aimsId, grantId);
    if (!before) throw new AppError('not_found', `no external auditor grant ${grantId}`);
    const after = await revokeGrant(trx, grantId, actor.id, at);
    if (!after) throw new AppError('conflict', `grant ${grantId} was revoked already`);
    await recordChange(trx, { aimsId, actor, at, entityType: 'external_auditor_grant', entityId: grantId, action: 'revoked', before, after });
    return after;
  });
}
