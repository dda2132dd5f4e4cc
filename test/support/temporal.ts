import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadTemporalBinaries } from '../../config/load-config';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { temporalCliPath, temporalTestServerPath } from '../../temporal/binaries';

/** Where the Temporal binaries are, read by the config loader from this process's environment. */
export const testBinaries = () => loadTemporalBinaries(process.env);

/** The native time-skipping test server, from the cached PyPI wheel (no download). */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath(testBinaries()) } },
  });
}

/** The real dev server (temporal server start-dev), in memory. */
export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath(testBinaries()) }, searchAttributes: SEARCH_ATTRIBUTES },
  });
}

export const TEST_WORKFLOWS_PATH = path.join(__dirname, 'workflows', 'index.ts');
