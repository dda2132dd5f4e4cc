import { ActivityFailure, ApplicationFailure, condition, setHandler, WorkflowError } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../domain/actor';
import { FAILURE_TYPES, isFailureType } from '../../domain/failure-types';
import type { Checkpoint } from './checkpoint';
import { Mutex } from './mutex';

export type CommandRegistrar = <A, R = unknown>(
  update: UpdateDefinition<R, [Actor, A]>,
  /** `inHandler`: the second check, in the handler, where a newer rule may be guarded by `patched()` (not allowed in a validator). */
  validate: (actor: Actor, args: A, inHandler: boolean) => void,
  run: (actor: Actor, args: A) => Promise<R>,
) => void;

/**
 * Registers commands the same way on every workflow: the validator refuses at once (the API
 * answers with the reason and nothing changes); accepted commands run one at a time, once the
 * workflow's record exists, and are checked again since the state may have moved meanwhile.
 * A command whose work fails (an activity's deterministic failure, a bug) is undone to its last
 * save and answered with the failure: the update never hangs and the next command sees the
 * state as it was.
 */
export function commandRegistrar(lock: Mutex, ready: () => boolean, checkpoint: Checkpoint): CommandRegistrar {
  return (update, validate, run) => {
    setHandler(
      update,
      (actor, args) =>
        lock.runExclusive(async () => {
          await condition(ready);
          validate(actor, args, true);
          checkpoint.begin();
          try {
            return await run(actor, args);
          } catch (error) {
            checkpoint.undo();
            throw commandFailure(error);
          } finally {
            checkpoint.end();
          }
        }),
      { validator: (actor, args) => validate(actor, args, false) },
    );
  };
}

/**
 * What the caller is told. An update handler that throws anything but a Temporal failure fails
 * the workflow task instead (retried for ever, the update never answered); an activity's
 * failure would reach the API wrapped, with no type it maps. Both become an ApplicationFailure
 * of the shared vocabulary, carrying the activity's own reason.
 */
function commandFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof WorkflowError) return error; // nondeterminism and the like: the SDK's business
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    const type = isFailureType(error.cause.type) ? error.cause.type : FAILURE_TYPES.defect;
    return ApplicationFailure.nonRetryable(error.cause.message, type);
  }
  const message = error instanceof Error ? error.message : String(error);
  return ApplicationFailure.nonRetryable(`the command could not be carried out: ${message}`, FAILURE_TYPES.defect);
}
