import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../domain/actor';
import type { TaskState } from '../../domain/task';
import type { ItemWorkflowSpec } from '../lib/item-workflow';
import { nowIso } from '../lib/now';
import type { RegisterEntryState } from '../lib/register-entry-rules';
import { registerTaskCommands } from './task-commands';
import { startTaskItemWorkflow, type TaskItemWorkflow } from './task-item-workflow';

// The workflow of one entry of a register (an AI system, a document, a supplier): registered,
// kept for years, its next planned step opened as the owner's tasks when it is due, retired.
// Each register adds its own commands and what its opening does; the rest is here, once.
// It builds on the TaskBook, so it sits beside it: `lib/` cannot load `tasks/` (a folder cycle).

/** What the kit reads and writes of an entry's state. */
export interface EntryState extends RegisterEntryState {
  id: string;
  aimsId: string;
  workflowId: string;
  retiredAt: string | null;
  version: number;
  tasks: Record<string, TaskState>;
}

/** A register entry's workflow input: a new entry (`N`: what the register is given), or the state carried across continue-as-new. */
export type EntryInput<S, N extends NewEntry = NewEntry> = N | { kind: 'continued'; state: S; seq: number };
export interface NewEntry {
  kind: 'new';
  actor: Actor;
}

export interface RegisterEntryWorkflow<S> extends TaskItemWorkflow<S> {
  /** Bumped by every save: the sleeping loop plans again (an opening planned or done, the entry retired). */
  run: { planVersion: number };
}

export interface RegisterEntrySpec<S extends EntryState, Saved> {
  /** `tasks.item_type` and the trail's entity type: `ai_system`, `document`, `supplier`. */
  itemType: string;
  /** The reference tasks show, before the first 8 characters of the id: `DOC` → `DOC-1a2b3c4d`. */
  refPrefix: string;
  /** Where the entry's page is: `/documents` → `/documents/<id>`. */
  basePath: string;
  itemTitle: () => string;
  stateQuery: QueryDefinition<S>;
  recordedUpdate: UpdateDefinition<void, []>;
  persist: ItemWorkflowSpec<S, Saved>['persist'];
  /** The same save preparing the tasks it carries (`startTaskItemWorkflow`'s `persistPreparing`). */
  persistPreparing?: Parameters<typeof startTaskItemWorkflow<S, Saved>>[0]['persistPreparing'];
}

/** The entry's kit: the task-item kit (lock, commands, checkpoint, TaskBook) and the loop's plan version. */
export function startRegisterEntry<S extends EntryState, Saved>(input: EntryInput<S>, state: S, spec: RegisterEntrySpec<S, Saved>): RegisterEntryWorkflow<S> {
  const run = { planVersion: 0 };
  const kit = startTaskItemWorkflow({
    state,
    seq: input.kind === 'continued' ? input.seq : 0,
    recorded: input.kind === 'continued',
    attention: { workflowId: state.workflowId, aimsId: state.aimsId },
    entity: { type: spec.itemType, id: state.id },
    item: {
      itemType: spec.itemType,
      itemId: state.id,
      itemRef: () => `${spec.refPrefix}-${state.id.slice(0, 8)}`,
      itemTitle: spec.itemTitle,
      itemPath: () => `${spec.basePath}/${state.id}`,
    },
    stateQuery: spec.stateQuery,
    recordedUpdate: spec.recordedUpdate,
    persist: spec.persist,
    ...(spec.persistPreparing ? { persistPreparing: spec.persistPreparing } : {}),
    beforeSave: () => {
      run.planVersion += 1;
    },
  });
  return { ...kit, run };
}

/** The register's own part of the entry's life. */
export interface EntryLifecycle<N extends NewEntry> {
  /** A new entry's first save, after its `registered` trail entry: plan its first opening (or open it at once) and save. */
  register: (input: N) => Promise<void>;
  /** The planned opening the loop sleeps until; null while there is none. */
  nextOpening: () => { dueDate: string; opensAt: string } | null;
  /** The opening, due on `dueDate`, idempotent (an operator may retry it); `step` names it in attention. */
  open: { step: string; run: (dueDate: string) => Promise<void> };
  /**
   * Whether the entry always waited for event emails in flight (`TaskBook.idle`) before it ends
   * or continues as new. AI systems did; documents and suppliers were released without it and
   * now wait behind the `register-entry-ends-after-sends` patch (see `runRegisterEntry`).
   */
  waitsForSends: boolean;
}

/**
 * Runs the entry from registration (or from its continued state) to retirement: sleeps until
 * the next planned opening unless a save changed the plan, opens it through attention (an
 * opening that cannot be prepared or saved waits for an operator; commands go on), and
 * continues as new when the server suggests it, keeping only open tasks.
 *
 * The workflow function returns this promise rather than awaiting it, so the run ends in the
 * same turn of the event loop as when the loop was written into each workflow: an extra turn
 * could let a send scheduled by an earlier command come before the completion in a new history
 * and after it in a recorded one.
 */
export async function runRegisterEntry<S extends EntryState, N extends NewEntry>(
  c: RegisterEntryWorkflow<S>,
  input: EntryInput<S, N>,
  life: EntryLifecycle<N>,
): Promise<void> {
  const { state, book, log, run } = c;
  // Documents and suppliers were released ending without waiting for the emails in flight (one
  // could be dropped); runs that reach an end now wait for them too, behind a patch, so a recorded
  // end without the wait still replays. AI systems always waited: they call no patch.
  const waitsForSends = () => life.waitsForSends || patched('register-entry-ends-after-sends');
  const settled = (waits: boolean) => () => allHandlersFinished() && (!waits || book.idle());

  if (input.kind === 'new') {
    c.change(input.actor, 'registered', null, { ...state.facts });
    // One turn later than inline code, which no history can see: the only commands that may run
    // meanwhile are an opened AI system's sends, and then the loop below waits without a timer.
    await life.register(input);
    c.markRecorded();
  } else {
    book.resumeTracking();
  }

  for (;;) {
    if (state.status === 'retired') {
      await condition(settled(waitsForSends()));
      return;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(settled(waitsForSends()));
      state.tasks = Object.fromEntries(Object.entries(state.tasks).filter(([, t]) => t.status === 'open'));
      // Continues as the same workflow type (the default), whichever register it is.
      await continueAsNew({ kind: 'continued', state, seq: log.seq });
    }
    const version = run.planVersion;
    const changed = () => run.planVersion !== version;
    const next = life.nextOpening();
    if (!next) {
      await condition(changed);
      continue;
    }
    const wait = Date.parse(next.opensAt) - Date.now();
    if (wait > 0 && (await condition(changed, wait))) continue;
    if (changed()) continue;
    await c.attention.guard({ itemType: c.host.itemType, itemId: state.id, itemLabel: c.host.itemTitle(), step: life.open.step }, () =>
      log.keepingChanges(() => life.open.run(next.dueDate))(),
    );
  }
}

/** The commands every register entry takes besides its own: its register facts changed, its retirement, and the task commands. */
export interface EntryCommands<S extends EntryState> {
  update: UpdateDefinition<void, [Actor, Partial<S['facts']>]>;
  /** How a refused update names it: "only the … owner or a programme manager changes its register entry". */
  updateIs: string;
  retire: UpdateDefinition<void, [Actor, { reason: string }]>;
  rules: { checkOwnerOrManager(state: S, actor: Actor, what: string): void; checkRetire(state: S, actor: Actor): void };
  /**
   * The update's own handler, where a changed fact asks for more than a save (a supplier re-plans
   * its review on a new criticality); `updateFacts` otherwise. One handler rather than a hook
   * inside `updateFacts`: an awaited hook would add a turn between the change and its save, and
   * a recorded history holds the commands in the order the code gave them.
   */
  updateFacts?: (actor: Actor, facts: Partial<S['facts']>) => Promise<void>;
  /** What retirement clears besides the tasks: the planned opening and an open review's date. */
  clearPlan: () => void;
}

export function registerEntryCommands<S extends EntryState>(c: RegisterEntryWorkflow<S>, commands: EntryCommands<S>): void {
  const { state, command } = c;
  command(
    commands.update,
    (actor) => commands.rules.checkOwnerOrManager(state, actor, commands.updateIs),
    (actor, facts) => (commands.updateFacts ? commands.updateFacts(actor, facts) : updateFacts(c, actor, facts)),
  );
  command(
    commands.retire,
    (actor) => commands.rules.checkRetire(state, actor),
    (actor, r) => retire(c, actor, r.reason, commands.clearPlan),
  );
  registerTaskCommands(command, c.book, c.save);
}

/**
 * Applies the facts that differ from the entry's and says what they were and are now; null when
 * none differs (nothing to record or save).
 */
export function applyFactChanges(state: EntryState, facts: object): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const current = state.facts as Record<string, unknown>;
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (JSON.stringify(current[key]) === JSON.stringify(value)) continue;
    before[key] = current[key];
    after[key] = value;
  }
  if (Object.keys(after).length === 0) return null;
  Object.assign(current, after);
  return { before, after };
}

/** Only the facts that differ are applied and recorded; an update that changes nothing saves nothing. */
async function updateFacts<S extends EntryState>(c: RegisterEntryWorkflow<S>, actor: Actor, facts: Partial<S['facts']>): Promise<void> {
  const changed = applyFactChanges(c.state, facts);
  if (!changed) return;
  c.change(actor, 'updated', changed.before, changed.after);
  await c.save();
}

/** Retirement ends the entry's life: every open task is cancelled and nothing more is planned or sent. */
async function retire<S extends EntryState>(c: RegisterEntryWorkflow<S>, actor: Actor, reason: string, clearPlan: () => void): Promise<void> {
  const { book } = c;
  const state: EntryState = c.state;
  for (const task of book.openTasks()) book.finish(task, 'cancelled', actor);
  const before = state.status;
  state.status = 'retired';
  state.retiredAt = nowIso();
  clearPlan();
  c.change(actor, 'retired', { status: before }, { status: 'retired', reason });
  await c.save();
}
