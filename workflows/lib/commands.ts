import { condition, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../domain/actor';
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
 */
export function commandRegistrar(lock: Mutex, ready: () => boolean): CommandRegistrar {
  return (update, validate, run) => {
    setHandler(
      update,
      (actor, args) =>
        lock.runExclusive(async () => {
          await condition(ready);
          validate(actor, args, true);
          return run(actor, args);
        }),
      { validator: (actor, args) => validate(actor, args, false) },
    );
  };
}
