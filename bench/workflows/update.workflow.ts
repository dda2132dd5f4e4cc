import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

/** One step of the update floor: answered once its (optional) local activity ran. */
export const stepUpdate = defineUpdate<number, []>('step');

export interface FloorActivities {
  /** One database round trip, as a command's save makes at least one. */
  touchDatabase(): Promise<void>;
}

const { touchDatabase } = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

/**
 * The floors of the benchmark: a workflow taking `updates` updates one after the other, each
 * answered after nothing (`withDatabase` false: the cost of Temporal alone for as many
 * commands as a case's lifecycle) or after one local activity making one database round trip
 * (what a command costs at the least: an update whose answer waits for a write).
 */
export async function updateFloorWorkflow(updates: number, withDatabase: boolean): Promise<number> {
  let received = 0;
  setHandler(stepUpdate, async () => {
    if (withDatabase) await touchDatabase();
    received += 1;
    return received;
  });
  await condition(() => received >= updates);
  return received;
}
