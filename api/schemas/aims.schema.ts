import { z } from 'zod';
import type { Aims } from '../../db/tables/aims.table';
import { RISK_LEVELS } from '../../domain/ai-risk';
import { effectivePolicy, type Policy } from '../../domain/policy';
import { calendarDate, clockTime, holidayRegion, line, optionalParagraph, ref, timeZone } from './fields';

const riskLevelSchema = z.enum(RISK_LEVELS);
/** Five rows (likelihood 1–5) of five levels (consequence 1–5). */
const riskMatrixSchema = z.array(z.array(riskLevelSchema).length(5)).length(5).meta({ description: 'matrix[likelihood-1][consequence-1]: 5 rows of 5 levels' });
const workingDays = z.number().int().min(0).max(400);
/** An interval of zero would plan the next review on the day of the last: at least a month. */
const months = z.number().int().min(1).max(60);
const positiveWorkingDays = z.number().int().min(1).max(400);
const severityDays = z.object({ major: workingDays, minor: workingDays }).partial().strict();

export const policyOverridesSchema = z
  .object({
    reminderWorkingDaysBefore: z.array(z.number().int().min(1).max(60)).max(5),
    sendAt: clockTime,
    escalateToManagerAfterWorkingDays: workingDays,
    escalateToManagementAfterWorkingDays: workingDays,
    chaseEveryDays: z.number().int().min(1).max(90),
    maxExtensionsPerStep: z.number().int().min(0).max(10),
    auditPlanningLeadWorkingDays: workingDays,
    auditNoticeWorkingDays: workingDays,
    auditFieldworkWorkingDays: z.number().int().min(1).max(60),
    auditReportWorkingDays: workingDays,
    reviewOpensWorkingDaysBefore: workingDays,
    reviewInputsDueWorkingDaysBefore: workingDays,
    reviewMeetingTime: clockTime,
    reviewMeetingMinutes: z.number().int().min(15).max(600),
    certificationReminderDaysBefore: z.array(z.number().int().min(1).max(365)).min(1).max(5),
    externalMajorCloseDays: z.number().int().min(1).max(365),
    certificationRestoreMonths: z.number().int().min(0).max(12),
    aiRiskMatrix: riskMatrixSchema,
    aiRiskAppetite: riskLevelSchema,
    aiReassessmentMonths: z.number().int().min(1).max(60),
    aiAssessmentLeadWorkingDays: workingDays,
    aiChangeAssessmentWorkingDays: z.number().int().min(1).max(400),
    aiApprovalWorkingDays: z.number().int().min(1).max(400),
    aiApproverDiffersFromAssessor: z.boolean(),
    documentReviewMonths: months,
    documentReviewLeadWorkingDays: workingDays,
    documentApprovalWorkingDays: positiveWorkingDays,
    documentRevisionWorkingDays: positiveWorkingDays,
    documentAcknowledgementWorkingDays: positiveWorkingDays,
    supplierReviewMonthsCritical: months,
    supplierReviewMonthsHigh: months,
    supplierReviewMonthsMedium: months,
    supplierReviewMonthsLow: months,
    supplierReviewLeadWorkingDays: workingDays,
    caseDeadlines: z
      .object({ containment: severityDays, rootCause: severityDays, planApproval: severityDays, implementationMax: severityDays, effectiveness: severityDays })
      .partial()
      .strict(),
  })
  .partial()
  .strict()
  .meta({ id: 'PolicyOverrides' });

/** An AIMS's settings as a whole (a change replaces them). */
export const aimsSettingsSchema = z
  .object({
    name: line(200),
    scope: optionalParagraph(5000).default(''),
    timeZone,
    holidayRegion: holidayRegion.nullable().default(null),
    closedDays: z.array(calendarDate).max(366).default([]),
    programmeManagerId: ref('a person with the programme_manager role'),
    policy: policyOverridesSchema.default({}),
  })
  .strict()
  .meta({ id: 'AimsSettings' });

/**
 * A new AIMS: zone, holiday region and policy left out are its organisation's defaults
 * (`PUT /organisations/{id}/settings`); a zone is needed from one or the other.
 */
export const newAimsSchema = aimsSettingsSchema
  .extend({
    timeZone: timeZone.optional().describe("an IANA time zone; left out: the organisation's default zone"),
    holidayRegion: holidayRegion.nullable().optional().describe("a holiday region, or null for none; left out: the organisation's default region"),
    policy: policyOverridesSchema.optional().describe("policy overrides; left out: the organisation's default policy"),
  })
  .strict()
  .meta({ id: 'NewAims' });

const severityDaysOut = z.object({ major: z.number().int(), minor: z.number().int() });

/** The policy in force: the defaults with the AIMS's overrides merged over them (effectivePolicy). */
export const policySchema = z
  .object({
    reminderWorkingDaysBefore: z.array(z.number().int()),
    sendAt: z.string(),
    escalateToManagerAfterWorkingDays: z.number().int(),
    escalateToManagementAfterWorkingDays: z.number().int(),
    chaseEveryDays: z.number().int(),
    maxExtensionsPerStep: z.number().int(),
    auditPlanningLeadWorkingDays: z.number().int(),
    auditNoticeWorkingDays: z.number().int(),
    auditFieldworkWorkingDays: z.number().int(),
    auditReportWorkingDays: z.number().int(),
    certificationReminderDaysBefore: z.array(z.number().int()),
    externalMajorCloseDays: z.number().int(),
    certificationRestoreMonths: z.number().int(),
    aiRiskMatrix: z.array(z.array(riskLevelSchema)),
    aiRiskAppetite: riskLevelSchema,
    aiReassessmentMonths: z.number().int(),
    aiAssessmentLeadWorkingDays: z.number().int(),
    aiChangeAssessmentWorkingDays: z.number().int(),
    aiApprovalWorkingDays: z.number().int(),
    aiApproverDiffersFromAssessor: z.boolean(),
    documentReviewMonths: z.number().int(),
    documentReviewLeadWorkingDays: z.number().int(),
    documentApprovalWorkingDays: z.number().int(),
    documentRevisionWorkingDays: z.number().int(),
    documentAcknowledgementWorkingDays: z.number().int(),
    supplierReviewMonthsCritical: z.number().int(),
    supplierReviewMonthsHigh: z.number().int(),
    supplierReviewMonthsMedium: z.number().int(),
    supplierReviewMonthsLow: z.number().int(),
    supplierReviewLeadWorkingDays: z.number().int(),
    reviewOpensWorkingDaysBefore: z.number().int(),
    reviewInputsDueWorkingDaysBefore: z.number().int(),
    reviewMeetingTime: z.string(),
    reviewMeetingMinutes: z.number().int(),
    caseDeadlines: z.object({
      containment: severityDaysOut,
      rootCause: severityDaysOut,
      planApproval: severityDaysOut,
      implementationMax: severityDaysOut,
      effectiveness: severityDaysOut,
    }),
  })
  .meta({ id: 'Policy' }) satisfies z.ZodType<Policy>;

export const aimsSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scope: z.string(),
    timeZone: z.string(),
    holidayRegion: z.string().nullable(),
    closedDays: z.array(z.string()),
    programmeManagerId: z.uuid(),
    policy: policySchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Aims' });

export function toAimsDto(aims: Aims): z.infer<typeof aimsSchema> {
  return {
    id: aims.id,
    name: aims.name,
    scope: aims.scope,
    timeZone: aims.time_zone,
    holidayRegion: aims.holiday_region,
    closedDays: aims.closed_days,
    programmeManagerId: aims.programme_manager_id,
    policy: effectivePolicy(aims.policy),
    createdAt: aims.created_at.toISOString(),
  };
}
