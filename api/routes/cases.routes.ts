import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../domain/app-error';
import { organisationIndex } from '../../domain/search-attributes';
import { caseWorkflowId } from '../../domain/nc-case';
import { ROLES } from '../../domain/roles';
import { findAimsSettings } from '../../services/aims-settings';
import { findCaseForCommand } from '../../db/repositories/case.repository';
import { findCaseDetail, listCases } from '../../services/case-queries';
import * as def from '../../workflows/nc-case/nc-case.definitions';
import { actorOf } from '../actor';
import type { ApiContext } from '../api-context';
import { assertActivePeople, assertAuditOfAims, assertNotPast, assertWorkingDays, todayIn } from '../edge-checks';
import { commandRoutes } from '../command-route';
import { resumeCaseWorkflow } from '../resume-case-workflow';
import { defineRoute } from '../route';
import {
  actionCompletionSchema,
  caseDetailSchema,
  caseListQuery,
  caseSummarySchema,
  containmentSchema,
  effectivenessSchema,
  newCaseSchema,
  planDecisionSchema,
  reasonSchema,
  rootCauseSchema,
} from '../schemas/case.schema';

const RAISERS = ['programme_manager', 'auditor', 'management'] as const;
const caseParams = z.object({ id: z.uuid() });

/** Who reads a case; its evidence files are downloaded by the same people. */
export const CASE_READERS = ROLES;

async function caseOr404(ctx: ApiContext, caseId: string) {
  const found = await findCaseForCommand(ctx.db, caseId);
  if (!found) throw new AppError('not_found', `no case ${caseId}`);
  return found;
}

async function detail(ctx: ApiContext, caseId: string) {
  const found = await findCaseDetail(ctx.db, ctx.clock.now(), caseId);
  if (!found) throw new AppError('not_found', `no case ${caseId}`);
  return found;
}

/** A case command: find the case, run edge checks, send the update, answer with the case as it now is. */
const caseCommand = commandRoutes({
  path: '/cases/:id',
  tag: 'cases',
  access: ROLES,
  scope: { item: 'case' },
  params: caseParams,
  response: { description: 'the case after the command', schema: caseDetailSchema },
  failures: {
    403: 'the caller may not do this to this case (not the owner, not a programme manager, …)',
    404: 'no such case',
    409: 'the case is not at the stage this command needs',
  },
  // The scope has found the case in reach (else 404); its workflow's id follows from its own, so
  // no command reads the case again before its update (root cause reads what its checks need).
  workflowId: (_ctx, id) => caseWorkflowId(id),
  answer: detail,
});

export const caseRoutes = [
  defineRoute({
    method: 'post',
    path: '/cases',
    summary: 'Raise a nonconformity: starts its corrective-action workflow',
    tag: 'cases',
    access: RAISERS,
    scope: { aimsInBody: 'aimsId' },
    body: newCaseSchema,
    response: { status: 201, description: 'raised; the owner is asked for containment', schema: caseDetailSchema },
    handler: async ({ body, person }, ctx) => {
      const settings = await findAimsSettings(ctx.db, body.aimsId);
      if (!settings) throw new AppError('validation_failed', `no AIMS ${body.aimsId}`, [{ field: 'body.aimsId', reason: 'no such AIMS' }]);
      await assertActivePeople(ctx, [{ field: 'body.ownerId', id: body.ownerId }]);
      if (body.auditId) await assertAuditOfAims(ctx.db, body.aimsId, body.auditId, 'body.auditId');
      const id = randomUUID();
      // The workflow writes the record itself: whichever step a crash hits, there is either a
      // workflow that will write the row, or neither; never a row without its workflow.
      const handle = await ctx.temporal.workflow.start('ncCaseWorkflow', {
        ...organisationIndex(ctx.organisationId, ctx.config.temporal.searchAttributes),
        taskQueue: ctx.config.temporal.taskQueue,
        workflowId: caseWorkflowId(id),
        args: [
          {
            kind: 'new',
            draft: { ...body, id, raisedBy: person.id, raisedOn: todayIn(settings, ctx.clock.now()), indexed: ctx.config.temporal.searchAttributes },
            actor: actorOf(person),
          } satisfies def.CaseWorkflowInput,
        ],
      });
      await handle.executeUpdate(def.caseRecordedUpdate);
      return { status: 201, body: await detail(ctx, id) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/cases',
    summary:
      'The nonconformity register: filtered (mine, overdue, severity, source, status, owner, department, clause or control, raised between), searched, sorted and paged',
    tag: 'cases',
    access: ROLES,
    scope: 'list',
    query: caseListQuery,
    response: {
      status: 200,
      description: 'one page of cases and how many the filters find in all',
      schema: z.object({ items: z.array(caseSummarySchema), total: z.number().int() }),
    },
    handler: async ({ query, person, aimsIds }, ctx) => ({ body: await listCases(ctx.db, ctx.clock.now(), person.id, { ...query, aimsIds }) }),
  }),
  defineRoute({
    method: 'get',
    path: '/cases/:id',
    summary: 'One case with its actions, tasks and full timeline',
    tag: 'cases',
    access: CASE_READERS,
    scope: { item: 'case' },
    params: caseParams,
    response: { status: 200, description: 'the case', schema: caseDetailSchema },
    failures: { 404: 'no such case' },
    handler: async ({ params }, ctx) => ({ body: await detail(ctx, params.id) }),
  }),
  caseCommand({
    path: 'containment',
    summary: 'Submit the containment and correction',
    body: containmentSchema,
    update: def.submitContainmentUpdate,
  }),
  caseCommand({
    path: 'root-cause',
    summary: 'Submit the root-cause analysis and the action plan',
    body: rootCauseSchema,
    update: def.submitRootCauseUpdate,
    check: async (ctx, { params, body }) => {
      const found = await caseOr404(ctx, params.id);
      const settings = (await findAimsSettings(ctx.db, found.aims_id))!;
      await assertActivePeople(
        ctx,
        body.actions.map((a, i) => ({ field: `body.actions.${i}.ownerId`, id: a.ownerId })),
      );
      const now = ctx.clock.now();
      const dueDates = body.actions.map((a, i) => ({ field: `body.actions.${i}.dueDate`, date: a.dueDate }));
      assertNotPast(settings, now, dueDates);
      const latest = settings.calendar.addWorkingDays(todayIn(settings, now), settings.policy.caseDeadlines.implementationMax[found.severity]);
      const late = body.actions.map((a, i) => ({ ...a, i })).filter((a) => a.dueDate > latest);
      if (late.length > 0) {
        throw new AppError(
          'validation_failed',
          `a ${found.severity} nonconformity's actions are due by ${latest} at the latest`,
          late.map((a) => ({ field: `body.actions.${a.i}.dueDate`, reason: `after ${latest}` })),
        );
      }
      // Last: a date outside the allowed window is refused for that, whatever day it falls on.
      assertWorkingDays(settings, dueDates);
    },
  }),
  caseCommand({
    path: 'plan-decision',
    summary: 'Approve (naming the verifier) or send back the action plan',
    body: planDecisionSchema,
    update: def.decidePlanUpdate,
    check: async (ctx, { body }) => {
      if (body.verifierId) await assertActivePeople(ctx, [{ field: 'body.verifierId', id: body.verifierId }]);
    },
  }),
  caseCommand({
    path: 'actions/:actionId/completion',
    summary: 'Report an action done, with its evidence',
    params: z.object({ id: z.uuid(), actionId: z.uuid() }),
    body: actionCompletionSchema,
    failures: { 403: 'not the action owner nor a programme manager', 404: 'no such case', 409: 'not in implementation, or done already' },
    update: def.completeActionUpdate,
    args: ({ params, body }) => ({ actionId: params.actionId, evidence: body.evidence }),
  }),
  caseCommand({
    path: 'effectiveness',
    summary: 'Record the effectiveness review: effective closes, ineffective returns to root cause',
    body: effectivenessSchema,
    update: def.submitEffectivenessUpdate,
  }),
  caseCommand({
    path: 'cancellation',
    summary: 'Cancel the case, with a reason (programme manager)',
    body: reasonSchema,
    update: def.cancelCaseUpdate,
  }),
  caseCommand({
    path: 'reopening',
    summary: 'Reopen a closed or cancelled case at root cause, with a reason (programme manager)',
    body: reasonSchema,
    beforeUpdate: resumeCaseWorkflow,
    update: def.reopenCaseUpdate,
  }),
];
