import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { temporalCliPath, temporalTestServerPath } from '../../temporal/binaries';

/** The native time-skipping test server, from the cached PyPI wheel (no download). */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
}

/** The real dev server (temporal server start-dev), in memory. */
export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: SEARCH_ATTRIBUTES },
  });
}

export const TEST_WORKFLOWS_PATH = path.join(__dirname, 'workflows', 'index.ts');
