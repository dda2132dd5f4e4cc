import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporalCliPath } from '../../temporal/binaries';
import type { EngineHarness } from './engine-harness';
import { testBinaries } from './temporal';

/** Where recorded histories live; `test/cases/replay.test.ts` replays every `.json` in it. */
export const HISTORIES_DIR = path.join(__dirname, '..', 'fixtures', 'histories');

/**
 * With RECORD_HISTORIES set, writes the history of a workflow as `temporal workflow show
 * --output json` prints it to `test/fixtures/histories/<name>.json`, for the replay test to hold
 * every later version of the workflow code to. Without it, does nothing. The latest run is
 * recorded, or with `run` the run at that place in the chain of runs continued as new (0: the first).
 */
export async function recordHistory(h: EngineHarness, workflowId: string, name: string, options: { run?: number } = {}): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  await h.waitIdle(workflowId);
  const args = ['workflow', 'show', '--address', h.env.address, '--workflow-id', workflowId, '--output', 'json'];
  if (options.run !== undefined) {
    const { raw } = await h.env.client.workflow.getHandle(workflowId).describe();
    let runId = raw.workflowExecutionInfo!.firstRunId!;
    for (let i = 0; i < options.run; i++) {
      const { events } = await h.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      const next = events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      if (!next) throw new Error(`${workflowId} has no run ${options.run}: run ${i} did not continue as new`);
      runId = next;
    }
    args.push('--run-id', runId);
  }
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), execFileSync(temporalCliPath(testBinaries()), args));
}
