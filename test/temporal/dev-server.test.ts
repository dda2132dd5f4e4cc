import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AIMS_ORGANISATION_ID, organisationIndex } from '../../domain/search-attributes';
import { addUpdate, continueOnceWorkflow, counterWorkflow, finishSignal, totalQuery } from '../support/workflows';
import { devServerEnv, TEST_WORKFLOWS_PATH } from '../support/temporal';

describe('the Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await devServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('answers updates synchronously, refuses one its validator rejects, and ends on a signal', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: TEST_WORKFLOWS_PATH });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(counterWorkflow, { taskQueue, workflowId: `counter-${randomUUID()}` });
      expect(await handle.executeUpdate(addUpdate, { args: [2] })).toBe(2);
      expect(await handle.executeUpdate(addUpdate, { args: [5] })).toBe(7);

      const refused = await handle.executeUpdate(addUpdate, { args: [-1] }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toContain('amount must be positive, got -1');
      // A refused update leaves no trace in the state.
      expect(await handle.query(totalQuery)).toBe(7);

      await handle.signal(finishSignal);
      expect(await handle.result()).toBe(7);
    });
  });

  it("keeps a workflow's AimsOrganisationId across continue-as-new, so an organisation's long-running workflows stay listed under it", async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const organisationId = randomUUID();
    const workflowId = `continue-once-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: TEST_WORKFLOWS_PATH });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(continueOnceWorkflow, { taskQueue, workflowId, args: [0], ...organisationIndex(organisationId, true) });
      expect(await handle.result()).toEqual({ run: 1, continued: true });
      const latest = await env.client.workflow.getHandle(workflowId).describe();
      expect(latest.runId).not.toBe(handle.firstExecutionRunId);
      expect(latest.typedSearchAttributes.get(AIMS_ORGANISATION_ID)).toBe(organisationId);
      // Visibility is eventually consistent: the continued run is listed under the organisation once indexed.
      let listed: string[] = [];
      for (let attempt = 0; attempt < 50 && !listed.includes(latest.runId); attempt++) {
        listed = [];
        for await (const w of env.client.workflow.list({ query: `AimsOrganisationId = '${organisationId}'` })) listed.push(w.runId);
        if (!listed.includes(latest.runId)) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(listed).toContain(latest.runId);
    });
  });
});
