import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/** One step of the bare workflow: carries nothing, only counts. */
export const stepSignal = defineSignal('step');

/**
 * The baseline for the benchmark: a workflow that does nothing but wait for `signals` signals,
 * one after the other, then returns how many it got. No activities, no timers, no state to save:
 * the cost of Temporal alone for a workflow taking as many commands as a case's lifecycle.
 */
export async function bareWorkflow(signals: number): Promise<number> {
  let received = 0;
  setHandler(stepSignal, () => {
    received += 1;
  });
  for (let i = 0; i < signals; i += 1) {
    await condition(() => received > i);
  }
  return received;
}
