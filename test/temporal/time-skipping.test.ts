import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longSleepWorkflow } from '../support/workflows';
import { TEST_WORKFLOWS_PATH, timeSkippingEnv } from '../support/temporal';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('completes a workflow that sleeps three years, with three years of workflow time passing', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: TEST_WORKFLOWS_PATH });
    const wallStart = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute(longSleepWorkflow, { taskQueue, workflowId: `sleep-${randomUUID()}`, args: ['1096 days'] }),
    );
    const wallSeconds = (Date.now() - wallStart) / 1000;
    expect(result.wokeAt - result.startedAt).toBeGreaterThanOrEqual(1096 * DAY_MS);
    expect(result.wokeAt - result.startedAt).toBeLessThan(1097 * DAY_MS);
    // Three years of workflow time in well under a minute of wall time: the server skipped it.
    expect(wallSeconds).toBeLessThan(60);
  });
});
