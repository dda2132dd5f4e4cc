// Floor S, the shape floor: the real case workflow driven through the lifecycle scenario A sends
// through the API (bench/case-lifecycle.ts), straight from the Temporal client, on a worker of
// its own whose activities are no-ops (noop-activities.ts). What A costs beyond S is ours: the
// API, the database, the emails; S itself is the case workflow's own Temporal cost.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { localDateOf } from '../../calendar/local-time';
import type { Actor } from '../../domain/actor';
import { caseWorkflowId, type CaseStatus } from '../../domain/nc-case';
import { organisationIndex } from '../../domain/search-attributes';
import * as def from '../../workflows/nc-case/nc-case.definitions';
import type { ncCaseWorkflow } from '../../workflows/nc-case/nc-case.workflow';
import { isoDateInDays, STEPS } from '../case-lifecycle';
import { Failures, type ScenarioResult, drivePool } from '../scenario-kit';
import { LatencyBook } from '../stats';
import type { ShapeRecord } from './noop-activities';

export const SHAPE_TASK_QUEUE = 'aims-bench-shape';

/** A lifecycle that takes longer than this counts as failed (a workflow task failing for ever would otherwise hang the run). */
const LIFECYCLE_DEADLINE_MS = 120_000;

/** The people of scenario A as the API hands them to the workflow (`actorOf`), and what it starts a case with. */
export interface ShapeCast {
  pm: Actor;
  owner: Actor;
  actionOwner: Actor;
  verifier: Actor;
  aimsId: string;
  timeZone: string;
  /** The AIMS's organisation: the API indexes the case under it when search attributes are on. */
  organisationId: string;
  searchAttributes: boolean;
}

/** An error and its causes: a refused update names the workflow's reason (a missing no-op, say) only in its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.name}: ${error.message}${error.cause === undefined ? '' : ` ← ${describe(error.cause)}`}`;
}

export async function scenarioS(
  client: Client,
  record: ShapeRecord,
  cast: ShapeCast,
  count: number,
  concurrency: number,
  stop: () => boolean,
): Promise<ScenarioResult> {
  const calls = new LatencyBook();
  const failures = new Failures();
  const items: number[] = [];
  const { pm, owner, actionOwner, verifier, aimsId } = cast;
  let done = 0;
  let sampleWorkflowId: string | undefined;

  /** The status the no-op save last recorded, checked after each command as A checks the status the API answers with. */
  function expect(workflowId: string, command: string, status: CaseStatus): void {
    const now = record.of(workflowId)?.status;
    if (now !== status) throw new Error(`${command} left the case in status ${now} (expected ${status})`);
  }

  async function lifecycle(i: number, id: string, workflowId: string): Promise<void> {
    const t0 = performance.now();
    // As POST /cases starts it (api/routes/cases.routes.ts): the body after its schema's defaults.
    const handle = await calls.time('start', () =>
      client.workflow.start<typeof ncCaseWorkflow>('ncCaseWorkflow', {
        ...organisationIndex(cast.organisationId, cast.searchAttributes),
        taskQueue: SHAPE_TASK_QUEUE,
        workflowId,
        args: [
          {
            kind: 'new',
            draft: {
              aimsId,
              title: `Shape floor nonconformity ${i + 1}`,
              description: '',
              source: 'internal_audit',
              severity: 'minor',
              ownerId: owner.id,
              clauseRef: 'A.6.2.7',
              auditId: null,
              id,
              raisedBy: pm.id,
              raisedOn: localDateOf(new Date(), cast.timeZone),
              indexed: cast.searchAttributes,
            },
            actor: pm,
          },
        ],
      }),
    );
    await calls.time('caseRecorded', () => handle.executeUpdate(def.caseRecordedUpdate));
    expect(workflowId, 'the start', 'containment');
    await calls.time('submitContainment', () =>
      handle.executeUpdate(def.submitContainmentUpdate, { args: [owner, { correction: 'Contained and corrected' }] }),
    );
    expect(workflowId, 'submitContainment', 'root_cause');
    await calls.time('submitRootCause', () =>
      handle.executeUpdate(def.submitRootCauseUpdate, {
        args: [
          owner,
          {
            method: 'five_whys',
            causes: ['No release checklist for model documentation'],
            similarExist: false,
            similarDetails: '',
            actions: [{ title: 'Add the model card to the release checklist', ownerId: actionOwner.id, dueDate: isoDateInDays(30) }],
          },
        ],
      }),
    );
    expect(workflowId, 'submitRootCause', 'plan_approval');
    await calls.time('decidePlan', () => handle.executeUpdate(def.decidePlanUpdate, { args: [pm, { approve: true, verifierId: verifier.id, comment: 'Go' }] }));
    expect(workflowId, 'decidePlan', 'implementation');
    const actionId = record.of(workflowId)?.actionIds[0];
    if (!actionId) throw new Error('decidePlan saved no action');
    await calls.time('completeAction', () =>
      handle.executeUpdate(def.completeActionUpdate, { args: [actionOwner, { actionId, evidence: 'Checklist updated' }] }),
    );
    expect(workflowId, 'completeAction', 'effectiveness');
    await calls.time('submitEffectiveness', () =>
      handle.executeUpdate(def.submitEffectivenessUpdate, { args: [verifier, { effective: true, evidence: 'No release without a card since' }] }),
    );
    expect(workflowId, 'submitEffectiveness', 'closed');
    // A closed case's workflow ends once its last emails are out, with its state as its result.
    const result = await calls.time('result (wait)', () => handle.result());
    if (result.status !== 'closed') throw new Error(`the workflow ended with the case ${result.status} (expected closed)`);
    items.push(performance.now() - t0);
    sampleWorkflowId ??= workflowId;
    done += 1;
  }

  /** How the workflow stands after a failed lifecycle: a workflow that failed (a missing no-op in its own code, say) says why only in its result. */
  async function outcome(workflowId: string): Promise<string> {
    try {
      const handle = client.workflow.getHandle(workflowId);
      const { status } = await handle.describe();
      if (status.name !== 'FAILED') return `the workflow is ${status.name}`;
      await handle.result();
      return 'the workflow FAILED';
    } catch (error) {
      return `the workflow: ${describe(error)}`;
    }
  }

  async function one(i: number): Promise<void> {
    const id = randomUUID();
    const workflowId = caseWorkflowId(id);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not closed within ${LIFECYCLE_DEADLINE_MS / 1000} s (see the worker's warnings)`)), LIFECYCLE_DEADLINE_MS);
    });
    try {
      await Promise.race([lifecycle(i, id, workflowId), deadline]);
    } catch (error) {
      failures.add(`${workflowId}: ${describe(error)}; ${await outcome(workflowId)}`);
    } finally {
      clearTimeout(timer);
      record.forget(workflowId);
    }
  }

  const { wallMs, cpuMs, machineBusy } = await drivePool({ label: 'S', count, unit: 'cases', concurrency, done: () => done, failures, stop }, one);
  const commands = ['start', 'caseRecorded', 'submitContainment', 'submitRootCause', 'decidePlan', 'completeAction', 'submitEffectiveness'];
  return {
    name: `S: case workflow, no-op activities, c${concurrency}`,
    sampleWorkflowId,
    unit: 'cases',
    count,
    done,
    failures,
    wallMs,
    calls,
    items,
    callLabels: commands,
    callsName: `all client calls (start, ${STEPS} updates)`,
    cpuMs,
    machineBusy,
  };
}
