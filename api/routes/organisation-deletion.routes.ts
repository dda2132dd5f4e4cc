import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { findDeletion } from '../../db/repositories/organisation-deletions.repository';
import { AppError } from '../../domain/app-error';
import { organisationDeletionWorkflowId } from '../../domain/organisation-deletion';
import { organisationIndex } from '../../domain/search-attributes';
import { requestOrganisationDeletion } from '../../services/organisation-deletion';
import { defineRoute, uuidParam } from '../route';
import { organisationDeletionRequestSchema, organisationDeletionSchema, toOrganisationDeletionDto } from '../schemas/organisation.schema';

export const organisationDeletionRoutes = [
  // A command of the operator's, not of an item: no workflow exists to ask until the deletion
  // starts one, so the route checks and records the request itself, then starts the workflow.
  defineRoute({
    method: 'post',
    path: '/organisations/:id/deletion',
    summary:
      'Delete an organisation (the deployment operator), after taking its archive: its workflows terminated, its rows and files erased, people who are members elsewhere kept; runs in the background, the organisation answering as unknown at once',
    tag: 'organisations',
    access: 'operator',
    scope: 'operator',
    params: uuidParam,
    body: organisationDeletionRequestSchema,
    response: { status: 202, description: 'the deletion, under way (or as it already is)', schema: organisationDeletionSchema },
    failures: {
      404: 'no such organisation',
      409: "no archive taken after the organisation's last change, or not that archive's sha256, or the operator's own home organisation",
    },
    handler: async ({ params, body, person }, ctx) => {
      const deletion = await requestOrganisationDeletion(ctx.db, params.id, body, person, ctx.clock.now());
      if (deletion.status === 'deleting') {
        // Started again when asked again: a start that failed after the commit is made good, and
        // one already running is left alone (same id).
        await ctx.temporal.workflow
          .start('organisationDeletionWorkflow', {
            ...organisationIndex(params.id, ctx.config.temporal.searchAttributes),
            taskQueue: ctx.config.temporal.taskQueue,
            workflowId: organisationDeletionWorkflowId(params.id),
            args: [{ organisationId: params.id }],
          })
          .catch((error: unknown) => {
            if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          });
      }
      return { status: 202, body: toOrganisationDeletionDto(deletion) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/organisations/:id/deletion',
    summary: "An organisation's deletion as recorded (the deployment operator): under way or done, rows deleted per table, workflows terminated, people kept",
    tag: 'organisations',
    access: 'operator',
    scope: 'operator',
    params: uuidParam,
    response: { status: 200, description: 'the deletion', schema: organisationDeletionSchema },
    failures: { 404: 'no deletion of that organisation was asked for' },
    handler: async ({ params }, ctx) => {
      const deletion = await findDeletion(ctx.db, params.id);
      if (!deletion) throw new AppError('not_found', `no deletion of organisation ${params.id}`);
      return { body: toOrganisationDeletionDto(deletion) };
    },
  }),
];
