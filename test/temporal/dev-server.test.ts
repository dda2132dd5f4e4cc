import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUpdate, counterWorkflow, finishSignal, totalQuery } from '../support/workflows';
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
});
