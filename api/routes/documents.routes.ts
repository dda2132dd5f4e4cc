import { organisationIndex } from '../../domain/search-attributes';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findEvidenceFile } from '../../db/repositories/evidence.repository';
import { AppError } from '../../domain/app-error';
import { documentWorkflowId } from '../../domain/document';
import { ROLES } from '../../domain/roles';
import { findAimsSettings } from '../../services/aims-settings';
import { findAcknowledgements, findDocumentDetail, findDocumentForCommand, listDocuments } from '../../services/document-queries';
import * as def from '../../workflows/documents/document.definitions';
import { actorOf } from '../actor';
import type { ApiContext } from '../api-context';
import { commandRoutes } from '../command-route';
import { assertActivePeople } from '../edge-checks';
import { defineRoute, uuidParam } from '../route';
import {
  acknowledgementsQuery,
  acknowledgementsSchema,
  documentDetailSchema,
  documentSummarySchema,
  newDocumentBody,
  newVersionBody,
  rejectBody,
  retireDocumentBody,
  updateDocumentBody,
} from '../schemas/document.schema';

async function detail(ctx: ApiContext, documentId: string) {
  const found = await findDocumentDetail(ctx.db, ctx.clock.now(), documentId);
  if (!found) throw new AppError('not_found', `no document ${documentId}`);
  return found;
}

/** A retired document's workflow has ended: every command on it is refused here, with that reason. */
async function activeDocumentOr4xx(ctx: ApiContext, documentId: string) {
  const found = await findDocumentForCommand(ctx.db, documentId);
  if (!found) throw new AppError('not_found', `no document ${documentId}`);
  if (found.status === 'retired') throw new AppError('conflict', `the document ${documentId} is retired: its versions are kept, nothing changes any more`);
  return found;
}

/** A version's file must be one uploaded to this document (any other, or none, is refused as unknown). */
async function assertFileOfDocument(ctx: ApiContext, documentId: string, fileId: string) {
  const file = await findEvidenceFile(ctx.db, fileId);
  if (!file || file.item_type !== 'document' || file.item_id !== documentId) {
    throw new AppError('validation_failed', `body.fileId: no file ${fileId} uploaded to this document`, [
      { field: 'body.fileId', reason: 'is not a file uploaded to this document' },
    ]);
  }
}

const people = (field: string, ids: string[] | undefined) => (ids ?? []).map((id, i) => ({ field: `${field}.${i}`, id }));

const documentCommand = commandRoutes({
  path: '/documents/:id',
  tag: 'documents',
  access: ROLES,
  scope: { item: 'document' },
  params: uuidParam,
  response: { description: 'the document after the change', schema: documentDetailSchema },
  failures: {
    403: 'the caller may not do this (not the owner, an approver or a programme manager)',
    404: 'no such document',
    409: 'the document is retired, or not at the stage this command needs (nothing to approve, nothing to acknowledge)',
  },
  find: activeDocumentOr4xx,
  workflowId: (_ctx, _id, found) => found.workflowId,
  answer: detail,
});

export const documentRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims/:id/documents',
    summary: 'Register a policy or procedure (a draft until its first version is approved)',
    tag: 'documents',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: newDocumentBody,
    response: { status: 201, description: 'registered', schema: documentDetailSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, body, person }, ctx) => {
      if (!(await findAimsSettings(ctx.db, params.id))) throw new AppError('not_found', `no AIMS ${params.id}`);
      await assertActivePeople(ctx, [{ field: 'body.ownerId', id: body.ownerId }, ...people('body.approverIds', body.approverIds)]);
      const id = randomUUID();
      // The workflow writes the row itself: either both exist or neither.
      const handle = await ctx.temporal.workflow.start('documentWorkflow', {
        ...organisationIndex(ctx.organisationId, ctx.config.temporal.searchAttributes),
        taskQueue: ctx.config.temporal.taskQueue,
        workflowId: documentWorkflowId(id),
        args: [{ kind: 'new', document: { id, aimsId: params.id, facts: body }, actor: actorOf(person) } satisfies def.DocumentInput],
      });
      await handle.executeUpdate(def.documentRecordedUpdate);
      return { status: 201, body: await detail(ctx, id) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/documents',
    summary: 'The register of documented information of an AIMS, by title',
    tag: 'documents',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the register', schema: z.object({ items: z.array(documentSummarySchema) }) },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      const items = await listDocuments(ctx.db, ctx.clock.now(), params.id);
      if (!items) throw new AppError('not_found', `no AIMS ${params.id}`);
      return { body: { items } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/documents/:id',
    summary: 'One document: facts, versions (approvals, rejection, acknowledgements), tasks, timeline',
    tag: 'documents',
    access: ROLES,
    scope: { item: 'document' },
    params: uuidParam,
    response: { status: 200, description: 'the document', schema: documentDetailSchema },
    failures: { 404: 'no such document' },
    handler: async ({ params }, ctx) => ({ body: await detail(ctx, params.id) }),
  }),
  defineRoute({
    method: 'get',
    path: '/documents/:id/acknowledgements',
    summary: 'Who has and has not acknowledged a version (default: the one in force)',
    tag: 'documents',
    access: ROLES,
    scope: { item: 'document' },
    params: uuidParam,
    query: acknowledgementsQuery,
    response: { status: 200, description: 'the audience of the version, split', schema: acknowledgementsSchema },
    failures: { 404: 'no such document, or no such version of it' },
    handler: async ({ params, query }, ctx) => {
      const found = await findAcknowledgements(ctx.db, params.id, query.version === undefined ? undefined : Number(query.version));
      if (found === undefined) throw new AppError('not_found', `no document ${params.id}`);
      if (found === null)
        throw new AppError('not_found', query.version ? `the document has no version ${query.version}` : 'the document has no approved version yet');
      return { body: found };
    },
  }),
  documentCommand({
    path: 'update',
    summary: 'Change register facts (title, owner, approvers, clauses and controls addressed, review interval)',
    body: updateDocumentBody,
    update: def.updateDocumentUpdate,
    check: async (ctx, { body }) =>
      assertActivePeople(ctx, [...(body.ownerId ? [{ field: 'body.ownerId', id: body.ownerId }] : []), ...people('body.approverIds', body.approverIds)]),
  }),
  documentCommand({
    path: 'versions',
    summary: "Submit a version for approval (the owner's review or revision): each approver gets a task",
    body: newVersionBody,
    update: def.submitVersionUpdate,
    check: async (ctx, { body, found }) => {
      await assertActivePeople(ctx, people('body.audience.personIds', body.audience.personIds));
      if (body.fileId) await assertFileOfDocument(ctx, found.id, body.fileId);
    },
    args: ({ body }): def.NewVersion => ({ ...body, link: body.link ?? null, fileId: body.fileId ?? null }),
  }),
  documentCommand({
    path: 'approve',
    summary: 'Approve the version in review (an approver); with every approval it is in force and the next review is planned',
    body: z.object({}).strict(),
    update: def.approveVersionUpdate,
  }),
  documentCommand({
    path: 'reject',
    summary: 'Reject the version in review (an approver): it returns to the owner with the reason',
    body: rejectBody,
    update: def.rejectVersionUpdate,
  }),
  documentCommand({
    path: 'acknowledgements',
    summary: 'Confirm having read the version in force (a person of its audience)',
    body: z.object({}).strict(),
    update: def.acknowledgeVersionUpdate,
  }),
  documentCommand({
    path: 'retire',
    summary: 'Retire the document: its open tasks are cancelled and its review cycle ends',
    body: retireDocumentBody,
    update: def.retireDocumentUpdate,
  }),
];
