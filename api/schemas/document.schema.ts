import { z } from 'zod';
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from '../../domain/document';
import { ROLES } from '../../domain/roles';
import { clauseOrControlRef, line, link, optionalParagraph, paragraph, ref } from './fields';
import { taskSchema } from './task.schema';
import { timelineEntrySchema } from './timeline.schema';

// Requests and answers of the register of documented information (7.5) and acknowledgements (7.3).

const factFields = {
  title: line(300),
  kind: z.enum(DOCUMENT_KINDS),
  ownerId: ref('an active person: the owner, who keeps the document current'),
  approverIds: z.array(ref('an active person: an approver')).min(1).max(10).describe('every one of them approves each version'),
  addresses: z.array(clauseOrControlRef).max(60).describe('the clauses and Annex A controls the document addresses'),
  reviewMonths: z
    .number()
    .int()
    .min(1, 'must be at least 1 month')
    .max(60)
    .nullable()
    .describe("months between reviews, counted from each approval; null: the AIMS's policy"),
};

const distinct = (values: string[]) => new Set(values).size === values.length;

export const newDocumentBody = z
  .object({ ...factFields, addresses: factFields.addresses.default([]), reviewMonths: factFields.reviewMonths.default(null) })
  .strict()
  .refine((b) => distinct(b.approverIds), { path: ['approverIds'], message: 'must not name a person twice' })
  .meta({ id: 'NewDocument' });

export const updateDocumentBody = z
  .object(factFields)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field')
  .refine((b) => !b.approverIds || distinct(b.approverIds), { path: ['approverIds'], message: 'must not name a person twice' })
  .meta({ id: 'DocumentUpdate' });

const audienceSchema = z
  .object({
    roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
    departments: z.array(line(200)).max(50).default([]),
    personIds: z.array(ref('an active person')).max(500).default([]),
  })
  .strict();

export const newVersionBody = z
  .object({
    link: link.optional().describe('where this version lives; or give fileId'),
    fileId: ref('a file uploaded to this document (POST /documents/{id}/files)').optional().describe('the version as a stored file; or give link'),
    changeSummary: paragraph(5_000),
    toBeAcknowledged: z.boolean().default(false),
    audience: audienceSchema.default({ roles: [], departments: [], personIds: [] }),
  })
  .strict()
  .refine((b) => (b.link === undefined) !== (b.fileId === undefined), {
    path: ['link'],
    message: 'give either a link or the fileId of a file uploaded to the document, not both',
  })
  .refine((b) => !b.toBeAcknowledged || b.audience.roles.length + b.audience.departments.length + b.audience.personIds.length > 0, {
    path: ['audience'],
    message: 'must name at least one role, department or person when the version is to be acknowledged',
  })
  .meta({ id: 'NewDocumentVersion' });

export const rejectBody = z.object({ reason: paragraph(5_000) }).strict();
export const retireDocumentBody = z.object({ reason: paragraph(5_000) }).strict();
export const acknowledgementsQuery = z
  .object({
    version: z
      .string()
      .regex(/^[1-9]\d{0,5}$/, 'must be a version number such as 2')
      .optional(),
  })
  .strict();

// Answers.

const versionSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    link: z.string().nullable().describe('where the version lives; null when it is a stored file'),
    file: z
      .object({ id: z.uuid(), filename: z.string(), mediaType: z.string(), size: z.number().int(), sha256: z.string(), href: z.string() })
      .nullable()
      .describe('the version as a stored file (download at href, as readers of the document may); null when it is a link'),
    changeSummary: z.string(),
    toBeAcknowledged: z.boolean(),
    audience: z.object({ roles: z.array(z.enum(ROLES)), departments: z.array(z.string()), personIds: z.array(z.uuid()) }),
    submittedBy: z.uuid(),
    submittedAt: z.iso.datetime(),
    status: z.enum(['in_review', 'approved', 'rejected', 'superseded']),
    approvals: z.array(z.object({ personId: z.uuid(), at: z.iso.datetime() })),
    rejection: z.object({ personId: z.uuid(), at: z.iso.datetime(), reason: z.string() }).nullable(),
    approvedAt: z.iso.datetime().nullable(),
    approvedOn: z.string().nullable(),
    audienceIds: z.array(z.uuid()),
    acknowledgements: z.array(z.object({ personId: z.uuid(), at: z.iso.datetime() })),
  })
  .meta({ id: 'DocumentVersion' });

export const documentSummarySchema = z
  .object({
    id: z.uuid(),
    aimsId: z.uuid(),
    status: z.enum(DOCUMENT_STATUSES),
    title: z.string(),
    kind: z.enum(DOCUMENT_KINDS),
    ownerId: z.uuid(),
    approverIds: z.array(z.uuid()),
    addresses: z.array(z.string()),
    reviewMonths: z.number().int().nullable(),
    registeredAt: z.iso.datetime(),
    retiredAt: z.iso.datetime().nullable(),
    currentVersion: z.number().int().nullable().describe('the version in force (the newest approved)'),
    lastApprovedOn: z.string().nullable(),
    nextReviewDue: z.string().nullable().describe('the next planned review, not yet opened'),
    reviewDue: z.string().nullable().describe('the open review, if one is open'),
    reviewOverdue: z.boolean().describe('the open review is past its date (today in the AIMS zone)'),
  })
  .meta({ id: 'DocumentSummary' });

export const documentDetailSchema = documentSummarySchema
  .extend({ versions: z.array(versionSchema), tasks: z.array(taskSchema), timeline: z.array(timelineEntrySchema) })
  .meta({ id: 'Document' });

export const acknowledgementsSchema = z
  .object({
    documentId: z.uuid(),
    version: z.number().int(),
    toBeAcknowledged: z.boolean(),
    acknowledged: z.array(z.object({ personId: z.uuid(), name: z.string(), at: z.iso.datetime() })),
    outstanding: z.array(z.object({ personId: z.uuid(), name: z.string() })),
  })
  .meta({ id: 'DocumentAcknowledgements' });
