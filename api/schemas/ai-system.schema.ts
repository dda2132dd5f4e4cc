import { z } from 'zod';
import { RISK_LEVELS, RISK_SCALE_MAX, RISK_SCALE_MIN } from '../../domain/ai-risk';
import {
  AI_ASSESSMENT_KINDS,
  AI_CHANGE_KINDS,
  AI_DEPLOYMENT_STATUSES,
  AI_IMPACT_DIMENSIONS,
  AI_IMPACT_SUBJECTS,
  AI_LIFECYCLE_STAGES,
  AI_RISK_CLASSIFICATIONS,
  AI_ROLES,
  AI_TREATMENTS,
} from '../../domain/ai-system';
import { SEVERITIES } from '../../domain/nc-case';
import { calendarDate, clauseOrControlRef, controlRef, line, optionalParagraph, paragraph, ref } from './fields';
import { taskSchema } from './task.schema';
import { timelineEntrySchema } from './timeline.schema';

// Requests and answers of the AI system register and its assessments (4.3, 6.1.2, 6.1.4, 8.2–8.4).

/** A point on the 1–5 scale of the risk matrix: anything else is outside it. */
const scale = z
  .number()
  .int()
  .min(RISK_SCALE_MIN)
  .max(RISK_SCALE_MAX)
  .meta({ description: `${RISK_SCALE_MIN}–${RISK_SCALE_MAX} on the AIMS's risk matrix` });
const names = z.array(line(300)).max(100);

const factFields = {
  name: line(200),
  purpose: paragraph(5_000),
  role: z.enum(AI_ROLES),
  ownerId: ref('an active person: the system owner, who assesses it'),
  riskOwnerId: ref('an active person: the risk owner, who approves its assessments'),
  lifecycleStage: z.enum(AI_LIFECYCLE_STAGES),
  deploymentStatus: z.enum(AI_DEPLOYMENT_STATUSES),
  intendedUsers: optionalParagraph(5_000),
  affectedPeople: optionalParagraph(5_000),
  dataUsed: names,
  thirdPartyComponents: names,
  suppliers: names,
  riskClassification: z.enum(AI_RISK_CLASSIFICATIONS),
  reassessmentMonths: z.number().int().min(1).max(60).nullable().describe("months between planned assessments; null: the AIMS's policy"),
};

export const newAiSystemBody = z
  .object({
    ...factFields,
    intendedUsers: factFields.intendedUsers.default(''),
    affectedPeople: factFields.affectedPeople.default(''),
    dataUsed: names.default([]),
    thirdPartyComponents: names.default([]),
    suppliers: names.default([]),
    reassessmentMonths: factFields.reassessmentMonths.default(null),
    firstAssessmentDue: calendarDate.nullable().default(null).describe('when the first planned assessment is due; null: one opens at once'),
  })
  .strict()
  .meta({ id: 'NewAiSystem' });

export const updateAiSystemBody = z
  .object(factFields)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field')
  .meta({ id: 'AiSystemUpdate' });

export const significantChangeBody = z
  .object({ kind: z.enum(AI_CHANGE_KINDS), description: paragraph(5_000) })
  .strict()
  .meta({ id: 'SignificantChange' });
export const retireBody = z.object({ reason: paragraph(5_000) }).strict();

const riskBody = z
  .object({
    source: line(300),
    description: paragraph(5_000),
    likelihood: scale,
    consequence: scale,
    controls: z.array(controlRef).max(38).default([]),
    treatment: z.enum(AI_TREATMENTS),
    actions: z
      .array(z.object({ title: line(500), ownerId: ref('an active person'), dueDate: calendarDate }).strict())
      .max(20)
      .default([]),
    residualLikelihood: scale,
    residualConsequence: scale,
  })
  .strict();

export const riskAssessmentBody = z
  .object({ risks: z.array(riskBody).min(1).max(100) })
  .strict()
  .meta({ id: 'AiRiskAssessment' });

const impactBody = z
  .object({
    dimension: z.enum(AI_IMPACT_DIMENSIONS),
    subjects: z.array(z.enum(AI_IMPACT_SUBJECTS)).min(1).max(3),
    description: paragraph(5_000),
    severity: scale,
    likelihood: scale,
    mitigations: optionalParagraph(5_000).default(''),
  })
  .strict();

export const impactAssessmentBody = z
  .object({ impacts: z.array(impactBody).min(1).max(50) })
  .strict()
  .meta({ id: 'AiImpactAssessment' });
export const raiseNonconformityBody = z
  .object({
    title: line(300),
    description: optionalParagraph(20_000).default(''),
    severity: z.enum(SEVERITIES),
    ownerId: ref('an active person: the case owner'),
    clauseRef: clauseOrControlRef.nullable().default(null),
  })
  .strict()
  .meta({ id: 'AiNonconformity' });
export const approvalParams = z.object({ id: z.uuid(), kind: z.enum(AI_ASSESSMENT_KINDS) });
export const treatmentParams = z.object({ id: z.uuid(), taskId: z.uuid() });

// Answers.

const level = z.enum(RISK_LEVELS);
const submission = {
  submittedBy: z.uuid(),
  submittedAt: z.iso.datetime(),
  approvedBy: z.uuid().nullable(),
  approvedAt: z.iso.datetime().nullable(),
};
const riskOut = z.object({
  source: z.string(),
  description: z.string(),
  likelihood: z.number().int(),
  consequence: z.number().int(),
  level,
  controls: z.array(z.string()),
  treatment: z.enum(AI_TREATMENTS),
  actions: z.array(z.object({ title: z.string(), ownerId: z.uuid(), dueDate: z.string(), taskId: z.uuid() })),
  residualLikelihood: z.number().int(),
  residualConsequence: z.number().int(),
  residualLevel: level,
});
const impactOut = z.object({
  dimension: z.enum(AI_IMPACT_DIMENSIONS),
  subjects: z.array(z.enum(AI_IMPACT_SUBJECTS)),
  description: z.string(),
  severity: z.number().int(),
  likelihood: z.number().int(),
  level,
  mitigations: z.string(),
});
const assessmentCycleSchema = z
  .object({
    id: z.uuid(),
    reason: z.enum(['initial', 'planned', 'significant_change']),
    changeId: z.uuid().nullable(),
    dueDate: z.string(),
    openedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    completedOn: z.string().nullable(),
    risk: z.object({ ...submission, risks: z.array(riskOut) }).nullable(),
    impact: z.object({ ...submission, impacts: z.array(impactOut) }).nullable(),
  })
  .meta({ id: 'AiAssessment' });

export const aiSystemSummarySchema = z
  .object({
    id: z.uuid(),
    aimsId: z.uuid(),
    status: z.enum(['active', 'retired']),
    name: z.string(),
    purpose: z.string(),
    role: z.enum(AI_ROLES),
    ownerId: z.uuid(),
    riskOwnerId: z.uuid(),
    lifecycleStage: z.enum(AI_LIFECYCLE_STAGES),
    deploymentStatus: z.enum(AI_DEPLOYMENT_STATUSES),
    intendedUsers: z.string(),
    affectedPeople: z.string(),
    dataUsed: z.array(z.string()),
    thirdPartyComponents: z.array(z.string()),
    suppliers: z.array(z.string()),
    riskClassification: z.enum(AI_RISK_CLASSIFICATIONS),
    reassessmentMonths: z.number().int().nullable(),
    registeredAt: z.iso.datetime(),
    retiredAt: z.iso.datetime().nullable(),
    nextPlannedDue: z.string().nullable().describe('the next planned assessment, not yet opened'),
    currentAssessmentDue: z.string().nullable().describe('the open assessment, if one is open'),
    lastCompletedOn: z.string().nullable(),
  })
  .meta({ id: 'AiSystemSummary' });

export const aiSystemDetailSchema = aiSystemSummarySchema
  .extend({
    currentAssessment: assessmentCycleSchema.nullable(),
    completedAssessments: z.array(assessmentCycleSchema),
    significantChanges: z.array(
      z.object({ id: z.uuid(), kind: z.enum(AI_CHANGE_KINDS), description: z.string(), recordedBy: z.uuid(), recordedAt: z.iso.datetime() }),
    ),
    tasks: z.array(taskSchema),
    timeline: z.array(timelineEntrySchema),
  })
  .meta({ id: 'AiSystem' });
