import { condition, setHandler } from '@temporalio/workflow';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../domain/actor';
import { Attention, type AttentionOwner } from './attention';
import { ChangeLog } from './change-log';
import { Checkpoint } from './checkpoint';
import { commandRegistrar, type CommandRegistrar } from './commands';
import { Mutex } from './mutex';

type Changes = ReturnType<ChangeLog['take']>;

/** What every workflow that keeps a record of its own hands the kit. */
export interface ItemWorkflowSpec<S extends { version: number }, Saved, Recorded = void> {
  state: S;
  /** The change log's running number: 0 for a new item, carried across continue-as-new. */
  seq?: number;
  /** True when the record exists already (a continued run): commands need not wait for it. */
  recorded: boolean;
  /** Where background work that fails waits for an operator; an item may have made it already. */
  attention: Attention | AttentionOwner;
  /** The item's own audit-trail entries (`change`). */
  entity: { type: string; id: string };
  stateQuery: QueryDefinition<S>;
  /** Answered once the record exists (the API waits on it after starting the workflow)… */
  recordedUpdate?: UpdateDefinition<Recorded, []>;
  /** …with this (e.g. the number the record gave the item). */
  recordedAnswer?: () => Recorded;
  /** The save activity: the whole state, version-guarded, with the changes since the last save. */
  persist: (input: { state: S; changes: Changes }) => Promise<Saved>;
  /** Bookkeeping once the version is bumped, before the activity (search attributes, plan versions). */
  beforeSave?: () => void;
  /** What the record answered (e.g. the number it gave the item). */
  afterSave?: (saved: Saved) => void;
}

export interface ItemWorkflow<S> {
  state: S;
  log: ChangeLog;
  attention: Attention;
  /** One command at a time; also taken to wait for handlers before continuing as new. */
  lock: Mutex;
  checkpoint: Checkpoint;
  command: CommandRegistrar;
  save: () => Promise<void>;
  /** Records an audit-trail entry of the item itself, saved with the next `save`. */
  change: (actor: Actor | null, action: string, before: unknown, after: unknown) => void;
  /** From now on the record exists: commands run and the recorded update is answered. */
  markRecorded: () => void;
}

/**
 * The parts every item workflow assembled by hand: change log, lock, checkpoint, command
 * registrar, attention, the state query, the "recorded" update and a version-guarded save.
 * Built synchronously, attention first, in the order the workflows registered their handlers
 * before, and `save` awaits the activity once, as they did, so recorded histories replay.
 */
export function startItemWorkflow<S extends { version: number }, Saved, Recorded = void>(spec: ItemWorkflowSpec<S, Saved, Recorded>): ItemWorkflow<S> {
  const { state } = spec;
  const log = new ChangeLog(spec.seq ?? 0);
  let recorded = spec.recorded;
  const lock = new Mutex();
  const checkpoint = new Checkpoint(state, log);
  const command = commandRegistrar(lock, () => recorded, checkpoint);
  const attention = spec.attention instanceof Attention ? spec.attention : new Attention(spec.attention);

  setHandler(spec.stateQuery, () => state);
  if (spec.recordedUpdate) {
    const answer = spec.recordedAnswer ?? (() => undefined as Recorded);
    setHandler(spec.recordedUpdate, async () => {
      await condition(() => recorded);
      return answer();
    });
  }

  async function save(): Promise<void> {
    state.version += 1;
    spec.beforeSave?.();
    const saved = await spec.persist({ state: JSON.parse(JSON.stringify(state)) as S, changes: log.take() });
    spec.afterSave?.(saved);
    checkpoint.saved();
  }

  return {
    state,
    log,
    attention,
    lock,
    checkpoint,
    command,
    save,
    change: (actor, action, before, after) => log.record({ actor, entityType: spec.entity.type, entityId: spec.entity.id, action, before, after }),
    markRecorded: () => {
      recorded = true;
    },
  };
}
