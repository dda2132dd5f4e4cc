import type { WorkflowClient } from '@temporalio/client';
import { createSaveReviewCycle } from '../activities/reviews/save-review.activity';
import type { Db } from '../db/database';
import { listEntityIdsWithAction } from '../db/repositories/audit-trail.repository';
import { listReviewCycleAimsIds } from '../db/repositories/review.repository';
import { reviewCycleWorkflowId } from '../domain/review';
import { reviewCycleStateQuery } from '../workflows/reviews/review.definitions';

/**
 * Review cycles started before `review_cycles` existed write their row only when their next
 * review opens, up to a year later; until then their planned reviews would not show. At start a
 * worker asks each such cycle for its state (a query, answered once workers poll) and saves it
 * as the workflow would. Returns how many it saved; a no-op once every cycle has its row.
 */
export async function backfillReviewCycles(db: Db, client: WorkflowClient): Promise<number> {
  const [started, saved] = await Promise.all([listEntityIdsWithAction(db, 'review_cycle', 'created'), listReviewCycleAimsIds(db)]);
  const have = new Set(saved);
  const save = createSaveReviewCycle({ db });
  let count = 0;
  for (const aimsId of started.filter((id) => !have.has(id))) {
    const state = await client.getHandle(reviewCycleWorkflowId(aimsId)).query(reviewCycleStateQuery);
    // Version-guarded: a save by the workflow meanwhile wins.
    await save({ state, changes: [] });
    count += 1;
  }
  return count;
}

/** Runs the backfill beside a worker that has started polling (queries need one); logs the outcome, never throws. */
export function backfillReviewCyclesInBackground(db: Db, client: WorkflowClient, log: { info(msg: string): void; warn(obj: object, msg: string): void }): void {
  backfillReviewCycles(db, client).then(
    (saved) => {
      if (saved > 0) log.info(`saved the settings of ${saved} review cycle(s) started before they were kept`);
    },
    (error: unknown) => log.warn({ err: error }, 'could not save the settings of older review cycles; their planned reviews show once their next review opens'),
  );
}
