import { z } from 'zod';
import { SEVERITIES } from '../../domain/nc-case';
import { CRITICALITIES, SUPPLIER_KINDS, SUPPLIER_REVIEW_OUTCOMES } from '../../domain/supplier';
import { calendarDate, line, optionalParagraph, paragraph, ref } from './fields';
import { taskSchema } from './task.schema';
import { timelineEntrySchema } from './timeline.schema';

// Requests and answers of the supplier register and its reviews (A.10.2, A.10.3).

const factFields = {
  name: line(200),
  kind: z.enum(SUPPLIER_KINDS),
  criticality: z.enum(CRITICALITIES).describe("sets the review interval (the AIMS's policy by criticality)"),
  ownerId: ref('an active person: the owner, who reviews the supplier'),
  description: optionalParagraph(5_000),
  aiSystemIds: z.array(ref('an AI system of the same AIMS')).max(100).describe('the AI systems that depend on the supplier'),
};

export const newSupplierBody = z
  .object({
    ...factFields,
    description: factFields.description.default(''),
    aiSystemIds: factFields.aiSystemIds.default([]),
    firstReviewDue: calendarDate.nullable().default(null).describe("the first review's date; null: the criticality's interval from today"),
  })
  .strict()
  .meta({ id: 'NewSupplier' });

export const updateSupplierBody = z
  .object(factFields)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field')
  .meta({ id: 'SupplierUpdate' });

export const supplierReviewBody = z
  .object({
    outcome: z.enum(SUPPLIER_REVIEW_OUTCOMES),
    findings: paragraph(10_000),
    ncSeverity: z.enum(SEVERITIES).default('minor').describe('the severity of the nonconformity a failed review raises'),
  })
  .strict()
  .meta({ id: 'SupplierReview' });
export const retireSupplierBody = z.object({ reason: paragraph(5_000) }).strict();

const reviewSchema = z.object({
  id: z.uuid(),
  dueDate: z.string().nullable(),
  completedAt: z.iso.datetime(),
  completedOn: z.string(),
  reviewedBy: z.uuid(),
  outcome: z.enum(SUPPLIER_REVIEW_OUTCOMES),
  findings: z.string(),
  caseId: z.uuid().nullable().describe('the nonconformity a failed review raised'),
});

export const supplierSummarySchema = z
  .object({
    id: z.uuid(),
    aimsId: z.uuid(),
    status: z.enum(['active', 'retired']),
    name: z.string(),
    kind: z.enum(SUPPLIER_KINDS),
    criticality: z.enum(CRITICALITIES),
    ownerId: z.uuid(),
    description: z.string(),
    aiSystemIds: z.array(z.uuid()),
    registeredAt: z.iso.datetime(),
    retiredAt: z.iso.datetime().nullable(),
    nextReviewDue: z.string().nullable().describe('the next planned review, not yet opened'),
    reviewDue: z.string().nullable().describe('the open review, if one is open'),
    lastReviewOn: z.string().nullable(),
    lastOutcome: z.enum(SUPPLIER_REVIEW_OUTCOMES).nullable(),
  })
  .meta({ id: 'SupplierSummary' });

export const supplierDetailSchema = supplierSummarySchema
  .extend({ reviews: z.array(reviewSchema), tasks: z.array(taskSchema), timeline: z.array(timelineEntrySchema) })
  .meta({ id: 'Supplier' });
