import type { ChangeLog } from './change-log';

type Json = Record<string, unknown> | unknown[];

/**
 * The undo of a workflow's commands. Handlers mutate the state, the TaskBook's tasks and the
 * ChangeLog before they save; when a step fails (the save refused by PostgreSQL, an impossible
 * date), the command is refused and the next one must see the state as it was. `begin` copies
 * the state when a command starts, the workflow's `save()` calls `saved` once the record has
 * it (from then on that is what an undo goes back to: the record and the workflow agree), and
 * `undo` puts the last copy back. It is restored in place, keeping object identities, because
 * the TaskBook and its tracking loops hold references to the state's task objects.
 */
export class Checkpoint {
  private copy: { state: Json; log: ReturnType<ChangeLog['mark']> } | null = null;
  private readonly undone: (() => void)[] = [];

  constructor(
    private readonly state: object,
    private readonly log: ChangeLog,
  ) {}

  begin(): void {
    this.copy = { state: JSON.parse(JSON.stringify(this.state)) as Json, log: this.log.mark() };
  }

  /** The record now holds the state: a later failure in the same command goes back to here. */
  saved(): void {
    if (this.copy) this.begin();
  }

  undo(): void {
    if (!this.copy) return;
    restoreInPlace(this.state as Json, this.copy.state);
    this.log.restore(this.copy.log);
    this.copy = null;
    for (const listener of this.undone) listener();
  }

  /** Called after every undo: e.g. the TaskBook restarts the loops of tasks that are open again. */
  afterUndo(listener: () => void): void {
    this.undone.push(listener);
  }

  end(): void {
    this.copy = null;
  }
}

const isContainer = (value: unknown): value is Json => typeof value === 'object' && value !== null;

function restoreInPlace(target: Json, saved: Json): void {
  if (Array.isArray(target) && Array.isArray(saved)) {
    target.length = saved.length;
    saved.forEach((value, i) => (target[i] = merged(target[i], value)));
    return;
  }
  const t = target as Record<string, unknown>;
  const s = saved as Record<string, unknown>;
  for (const key of Object.keys(t)) if (!Object.hasOwn(s, key)) delete t[key];
  for (const [key, value] of Object.entries(s)) t[key] = merged(t[key], value);
}

/** The saved value, poured into the current object when both are of the same kind, so references to it stay valid. */
function merged(current: unknown, saved: unknown): unknown {
  if (isContainer(current) && isContainer(saved) && Array.isArray(current) === Array.isArray(saved)) {
    restoreInPlace(current, saved);
    return current;
  }
  return saved;
}
