import { ApplicationFailure, condition, defineQuery, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const addUpdate = defineUpdate<number, [number]>('add');
export const finishSignal = defineSignal('finish');
export const totalQuery = defineQuery<number>('total');

/** Holds a total: updates add to it (refusing non-positive amounts in the validator), a signal ends it. */
export async function counterWorkflow(): Promise<number> {
  let total = 0;
  let finished = false;
  setHandler(
    addUpdate,
    (amount) => {
      total += amount;
      return total;
    },
    {
      validator: (amount) => {
        if (!(amount > 0)) throw ApplicationFailure.nonRetryable(`amount must be positive, got ${amount}`, 'InvalidArgument');
      },
    },
  );
  setHandler(finishSignal, () => {
    finished = true;
  });
  setHandler(totalQuery, () => total);
  await condition(() => finished);
  return total;
}
