import { addMonthsClamped, addYearsClamped } from '../../calendar/cadence';
import { addCalendarDays, instantAt, localDateOf } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import type { CertificationPlan, ExternalAuditKind, PlannedCertificationTask } from '../../domain/certification';
import { loadAimsSettings, type SettingsDeps } from '../load-aims-settings';

const AUDIT_LABEL: Record<ExternalAuditKind, string> = {
  'surveillance-1': 'surveillance audit 1',
  'surveillance-2': 'surveillance audit 2',
  recertification: 'recertification audit',
};
const TASK_TITLES = ['Book the certification body', 'Prepare the evidence', 'Confirm readiness'];

/**
 * Every date and instant of one three-year cycle starting on `cycleStart` (the decision date, or
 * the previous expiry): expiry three years on (29 February → 28 February), surveillance 1 no
 * later than 12 months after the start, surveillance 2 by the end of the second year,
 * recertification before expiry; per audit, the tasks ahead of it at the policy's days before
 * (the first books the certification body, the next prepares the evidence, ...), each created
 * at the policy's hour in the AIMS zone and due when the next one starts (the last: the audit).
 */
export function createPlanCertification({ db, aimsSettings }: SettingsDeps) {
  return async function planCertification(input: { aimsId: string; cycleStart: string }): Promise<CertificationPlan> {
    const { aims, policy } = await loadAimsSettings({ db, aimsSettings }, input.aimsId);
    const zone = aims.time_zone;
    const expiry = addYearsClamped(input.cycleStart, 3);
    const restoreUntil = addMonthsClamped(expiry, policy.certificationRestoreMonths);
    const offsets = [...new Set(policy.certificationReminderDaysBefore)].sort((a, b) => b - a);
    const dueDates: [ExternalAuditKind, string][] = [
      ['surveillance-1', addMonthsClamped(input.cycleStart, 12)],
      ['surveillance-2', addMonthsClamped(input.cycleStart, 24)],
      ['recertification', addCalendarDays(expiry, -1)],
    ];
    return {
      cycleStart: input.cycleStart,
      expiry,
      expiresAt: instantAt(expiry, '00:00', zone).toISOString(),
      restoreUntil,
      lapsesAt: instantAt(addCalendarDays(restoreUntil, 1), '00:00', zone).toISOString(),
      audits: dueDates.map(([kind, dueDate]) => ({
        kind,
        dueDate,
        tasks: offsets.map((days, i): PlannedCertificationTask => {
          const next = offsets[i + 1];
          return {
            key: `${kind}:${days}`,
            title: `${TASK_TITLES[Math.min(i, TASK_TITLES.length - 1)]} for the ${AUDIT_LABEL[kind]} due by ${dueDate}`,
            startAt: instantAt(addCalendarDays(dueDate, -days), policy.sendAt, zone).toISOString(),
            dueDate: next === undefined ? dueDate : addCalendarDays(dueDate, -next),
          };
        }),
      })),
    };
  };
}

/** For the findings of an external audit: today in the AIMS zone, and when a major one is to be closed. */
export function createPrepareExternalFindings({ db, aimsSettings }: SettingsDeps) {
  return async function prepareExternalFindings(input: { aimsId: string; auditDate: string; at: string }): Promise<{ raisedOn: string; majorCloseBy: string }> {
    const { aims, policy } = await loadAimsSettings({ db, aimsSettings }, input.aimsId);
    return { raisedOn: localDateOf(new Date(input.at), aims.time_zone), majorCloseBy: addCalendarDays(input.auditDate, policy.externalMajorCloseDays) };
  };
}
