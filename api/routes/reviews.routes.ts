import { z } from 'zod';
import { listReviewSummaries } from '../../db/repositories/review.repository';
import { AppError } from '../../domain/app-error';
import { DECISION_KINDS, REVIEW_INPUT_IDS, reviewCycleWorkflowId, type ReviewState } from '../../domain/review';
import { ROLES } from '../../domain/roles';
import { findAimsSettings } from '../../services/aims-settings';
import { compileReviewPack } from '../../services/review-pack';
import { renderReviewPackHtml } from '../../services/review-pack-html';
import { findReviewCycle, listPlannedReviews } from '../../services/review-cycle-queries';
import { findReviewDetail, findReviewRow } from '../../services/review-queries';
import * as def from '../../workflows/reviews/review.definitions';
import { actorOf } from '../actor';
import type { ApiContext } from '../api-context';
import { commandRoutes } from '../command-route';
import { assertActivePeople, assertNotPast, assertProposedDueDates } from '../edge-checks';
import { defineRoute, uuidParam } from '../route';
import { startSingleton } from '../start-singleton';
import { calendarDate, line, paragraph, ref } from '../schemas/fields';
import {
  plannedReviewSchema,
  reviewCycleSchema,
  reviewDetailSchema,
  reviewPackSchema,
  reviewSummarySchema,
  startedReviewCycleSchema,
} from '../schemas/review.schema';

const person = ref('an active person');

async function reviewRow(ctx: ApiContext, id: string) {
  const row = await findReviewRow(ctx.db, ctx.clock.now(), id);
  if (!row) throw new AppError('not_found', `no review ${id}`);
  return row;
}

async function reviewDetail(ctx: ApiContext, id: string) {
  const detail = await findReviewDetail(ctx.db, ctx.clock.now(), id);
  if (!detail) throw new AppError('not_found', `no review ${id}`);
  return detail;
}

/** A review command: the review (404), edge checks, the update, the review as it now is. */
const reviewCommand = commandRoutes({
  path: '/reviews/:id',
  tag: 'management review',
  access: ROLES,
  scope: { item: 'review' },
  params: uuidParam,
  response: { description: 'the review after the command', schema: reviewDetailSchema },
  failures: { 403: 'not the chair, owner or a programme manager', 404: 'no such review', 409: 'not at the stage this needs' },
  find: reviewRow,
  workflowId: (_ctx, _id, row) => row.workflow_id,
  answer: reviewDetail,
});

export const reviewRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims/:id/reviews',
    summary: 'Start the management review cycle: chair, attendees, owners of inputs a–e, first meeting, interval',
    tag: 'management review',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: z
      .object({
        chairId: person,
        attendeeIds: z.array(person).max(50),
        inputOwners: z
          .object(Object.fromEntries(REVIEW_INPUT_IDS.map((id) => [id, person])) as Record<(typeof REVIEW_INPUT_IDS)[number], typeof person>)
          .strict(),
        firstMeetingDate: calendarDate,
        intervalMonths: z.number().int().min(1).max(24).default(12),
      })
      .strict(),
    response: { status: 201, description: 'started', schema: startedReviewCycleSchema },
    failures: { 404: 'no such AIMS', 409: 'a cycle runs already' },
    handler: async ({ params, body, person }, ctx) => {
      const settings = await findAimsSettings(ctx.db, params.id);
      if (!settings) throw new AppError('not_found', `no AIMS ${params.id}`);
      assertNotPast(settings, ctx.clock.now(), [{ field: 'body.firstMeetingDate', date: body.firstMeetingDate }]);
      await assertActivePeople(ctx, [
        { field: 'body.chairId', id: body.chairId },
        ...body.attendeeIds.map((id, i) => ({ field: `body.attendeeIds.${i}`, id })),
        ...REVIEW_INPUT_IDS.map((id) => ({ field: `body.inputOwners.${id}`, id: body.inputOwners[id] })),
      ]);
      await startSingleton(ctx, {
        workflowType: 'reviewCycleWorkflow',
        workflowId: reviewCycleWorkflowId(params.id),
        input: { kind: 'new', aimsId: params.id, ...body, actor: actorOf(person) } satisfies def.ReviewCycleInput,
        recorded: def.reviewCycleRecordedUpdate,
        conflict: 'this AIMS has a management review cycle already',
      });
      return { status: 201, body: { aimsId: params.id, ...body } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reviews',
    summary: 'Management reviews, by meeting date',
    tag: 'management review',
    access: ROLES,
    scope: 'list',
    query: z.object({ aimsId: ref('an AIMS').optional() }).strict(),
    // Opened reviews (records with an id) and planned ones (not opened yet) in separate lists, so
    // that every entry of `items` is a review GET /reviews/{id} answers.
    response: {
      status: 200,
      description: 'opened reviews in `items`, the next meetings of each cycle in `planned`',
      schema: z.object({ items: z.array(reviewSummarySchema), planned: z.array(plannedReviewSchema) }),
    },
    handler: async ({ query, aimsIds }, ctx) => {
      const [rows, planned] = await Promise.all([listReviewSummaries(ctx.db, query.aimsId, aimsIds), listPlannedReviews(ctx.db, query.aimsId, aimsIds)]);
      return {
        body: {
          items: rows.map((r) => ({
            id: r.id,
            reference: `MR-${r.number}`,
            aimsId: r.aims_id,
            status: r.status as ReviewState['status'],
            meetingDate: r.meeting_date,
          })),
          planned,
        },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/review-cycle',
    summary: 'The management review cycle: chair, attendees, input owners, interval and the next meetings not opened yet',
    tag: 'management review',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the cycle', schema: reviewCycleSchema },
    failures: { 404: 'no review cycle for this AIMS' },
    handler: async ({ params }, ctx) => {
      const cycle = await findReviewCycle(ctx.db, params.id);
      if (!cycle) throw new AppError('not_found', `AIMS ${params.id} has no management review cycle`);
      return { body: cycle };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reviews/:id',
    summary: 'One review: inputs, minutes, decisions, tasks, timeline',
    tag: 'management review',
    access: ROLES,
    scope: { item: 'review' },
    params: uuidParam,
    response: { status: 200, description: 'the review', schema: reviewDetailSchema },
    failures: { 404: 'no such review' },
    handler: async ({ params }, ctx) => ({ body: await reviewDetail(ctx, params.id) }),
  }),
  defineRoute({
    method: 'get',
    path: '/reviews/:id/pack',
    summary: 'The review pack, compiled from the record now',
    tag: 'management review',
    access: ROLES,
    scope: { item: 'review' },
    params: uuidParam,
    response: { status: 200, description: 'the pack', schema: reviewPackSchema },
    failures: { 404: 'no such review' },
    handler: async ({ params }, ctx) => {
      const pack = await compileReviewPack(ctx.db, params.id, ctx.clock.now());
      if (!pack) throw new AppError('not_found', `no review ${params.id}`);
      return { body: pack };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reviews/:id/pack.html',
    summary: 'The review pack as a readable page',
    tag: 'management review',
    access: ROLES,
    scope: { item: 'review' },
    params: uuidParam,
    response: { status: 200, description: 'HTML', schema: z.string(), contentType: 'text/html' },
    failures: { 404: 'no such review' },
    handler: async ({ params }, ctx) => {
      const pack = await compileReviewPack(ctx.db, params.id, ctx.clock.now());
      if (!pack) throw new AppError('not_found', `no review ${params.id}`);
      return { body: renderReviewPackHtml(pack) };
    },
  }),
  reviewCommand({
    path: 'inputs/:inputId',
    summary: 'Submit one 9.3.2 input (its owner or a programme manager)',
    params: z.object({ id: z.uuid(), inputId: z.enum(REVIEW_INPUT_IDS) }),
    body: z.object({ text: paragraph(50_000) }).strict(),
    update: def.submitReviewInputUpdate,
    args: ({ params, body }) => ({ inputId: params.inputId, text: body.text }),
  }),
  reviewCommand({
    path: 'meeting',
    summary: 'Record attendees, minutes and decisions (9.3.3), each optionally with an action',
    body: z
      .object({
        attendeeIds: z.array(person).min(1).max(50),
        minutes: paragraph(100_000),
        decisions: z
          .array(
            z
              .object({
                kind: z.enum(DECISION_KINDS),
                text: paragraph(5_000),
                action: z
                  .object({ title: line(500), ownerId: person, dueDate: calendarDate })
                  .strict()
                  .nullable()
                  .default(null),
              })
              .strict(),
          )
          .max(50),
      })
      .strict(),
    update: def.recordMeetingUpdate,
    check: async (ctx, { body, found: row }) => {
      const settings = (await findAimsSettings(ctx.db, row.aims_id))!;
      await assertActivePeople(ctx, [
        ...body.attendeeIds.map((id, i) => ({ field: `body.attendeeIds.${i}`, id })),
        ...body.decisions.flatMap((d, i) => (d.action ? [{ field: `body.decisions.${i}.action.ownerId`, id: d.action.ownerId }] : [])),
      ]);
      assertProposedDueDates(
        settings,
        ctx.clock.now(),
        body.decisions.flatMap((d, i) => (d.action ? [{ field: `body.decisions.${i}.action.dueDate`, date: d.action.dueDate }] : [])),
      );
    },
  }),
  reviewCommand({
    path: 'approval',
    summary: 'The chair approves the minutes: the review closes',
    body: z.object({}).strict(),
    update: def.approveMinutesUpdate,
  }),
  reviewCommand({
    path: 'actions/:taskId/completion',
    summary: 'Report a decision action done',
    params: z.object({ id: z.uuid(), taskId: z.uuid() }),
    body: z.object({ evidence: paragraph(20_000) }).strict(),
    update: def.completeDecisionActionUpdate,
    args: ({ params, body }) => ({ taskId: params.taskId, evidence: body.evidence }),
  }),
];
