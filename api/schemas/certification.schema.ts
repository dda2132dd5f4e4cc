import { z } from 'zod';
import { CERTIFICATION_STATUSES, EXTERNAL_AUDIT_KINDS, STAGE_OUTCOMES, type ExternalAuditRecord } from '../../domain/certification';
import { calendarDate, clauseOrControlRef, line, paragraph, ref } from './fields';

const name = line(200);
const dated = { date: calendarDate };

export const startCertificationBody = z.object({ certificationBody: name.nullable().default(null) }).strict();
export const certificationBodyBody = z.object({ name }).strict();
export const stageBody = z.object({ ...dated, outcome: z.enum(STAGE_OUTCOMES) }).strict();
export const decisionBody = z.object(dated).strict();
export const restoreBody = z.object({ ...dated, reason: paragraph(2000) }).strict();
export const externalAuditBody = z
  .object({
    kind: z.enum(EXTERNAL_AUDIT_KINDS),
    ...dated,
    outcome: z.enum(STAGE_OUTCOMES),
    findings: z
      .array(
        z
          .object({
            // The finding's case takes it as its clauseRef, which the programme's planner reads.
            item: clauseOrControlRef,
            severity: z.enum(['major', 'minor']),
            ownerId: ref('an active person'),
            description: paragraph(10_000),
          })
          .strict(),
      )
      .max(100)
      .default([]),
  })
  .strict();
export const certificationTaskParams = z.object({ id: z.uuid(), taskId: z.uuid() });

const stage = z.object({ date: z.string(), outcome: z.enum(STAGE_OUTCOMES) }).nullable();

export const externalAuditRecordSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(EXTERNAL_AUDIT_KINDS),
    date: z.string(),
    outcome: z.enum(STAGE_OUTCOMES),
    findings: z.array(
      z.object({
        item: z.string(),
        severity: z.enum(['major', 'minor']),
        ownerId: z.uuid(),
        description: z.string(),
        caseId: z.uuid().describe('the corrective-action case the finding opened'),
        closeBy: z.string().nullable().describe('a major finding: the date its case must be closed by'),
      }),
    ),
    recordedBy: z.uuid(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'ExternalAudit' }) satisfies z.ZodType<ExternalAuditRecord>;

export const certificationSchema = z
  .object({
    aimsId: z.uuid(),
    status: z.enum(CERTIFICATION_STATUSES),
    cycle: z.number().int(),
    certificationBody: z.string().nullable(),
    stage1: stage,
    stage2: stage,
    decisionDate: z.string().nullable(),
    cycleStart: z.string().nullable(),
    expiryDate: z.string().nullable(),
    restoreUntil: z.string().nullable(),
    nextDue: z.object({ item: z.enum([...EXTERNAL_AUDIT_KINDS, 'restoration', 'expiry']), date: z.string() }).nullable(),
    plannedAudits: z.array(z.object({ kind: z.enum(EXTERNAL_AUDIT_KINDS), dueDate: z.string() })),
    externalAudits: z.array(externalAuditRecordSchema).describe('external audits of the current cycle'),
    openTasks: z.array(
      z.object({ id: z.uuid(), step: z.string(), title: z.string(), ownerId: z.uuid(), dueDate: z.string(), status: z.enum(['open', 'done', 'cancelled']) }),
    ),
    version: z.number().int(),
  })
  .meta({ id: 'Certification' });
