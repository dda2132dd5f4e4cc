// Scenario A: nonconformity cases driven through their whole lifecycle over the HTTP API, as
// their owners, approvers and verifiers would; used against the in-process engine and against
// a spawned all-in-one engine (engine-process.ts).
import { commandTrace } from './command-trace';
import { performance } from 'node:perf_hooks';
import { WorkingCalendar } from '../calendar/working-calendar';
import { Failures, type ScenarioResult, drivePool } from './scenario-kit';
import { LatencyBook } from './stats';

/** Commands per case lifecycle, and so signals per bare workflow. */
export const STEPS = 6;

export interface Person {
  id: string;
  token: string;
}

export interface Cast {
  pm: Person;
  owner: Person;
  actionOwner: Person;
  verifier: Person;
  aimsId: string;
}

const BENCH_CALENDAR = new WorkingCalendar({ timeZone: 'Europe/Berlin', holidayRegion: 'DE', closedDays: [] });

/** A working day of the benchmark AIMS (Berlin, DE holidays) about `days` from now: proposed due dates must be one. */
export function isoDateInDays(days: number): string {
  return BENCH_CALENDAR.onOrAfter(new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10));
}

export async function scenarioA(apiUrl: string, cast: Cast, count: number, concurrency: number, stop: () => boolean): Promise<ScenarioResult> {
  const calls = new LatencyBook();
  const failures = new Failures();
  const items: number[] = [];
  let done = 0;

  /** One HTTP call: timed from the request to the last byte of the answer; checks status and case status. */
  async function call(route: string, method: string, urlPath: string, who: Person, body: unknown, expectHttp: number, expectStatus: string): Promise<any> {
    const t0 = performance.now();
    commandTrace.call(route);
    let httpStatus = 0;
    let text = '';
    try {
      const response = await fetch(apiUrl + urlPath, {
        method,
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      httpStatus = response.status;
      text = await response.text();
    } catch (error) {
      text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    calls.record(route, performance.now() - t0);
    commandTrace.call(`end ${route} ${(performance.now() - t0).toFixed(1)} ms`);
    if (httpStatus !== expectHttp) {
      failures.add(`${method} ${urlPath} answered ${httpStatus || 'nothing'} (expected ${expectHttp}): ${text.slice(0, 1000)}`);
      return undefined;
    }
    const parsed = JSON.parse(text) as { status?: string };
    if (parsed.status !== expectStatus) {
      failures.add(`${method} ${urlPath} left the case in status ${parsed.status} (expected ${expectStatus})`);
      return undefined;
    }
    return parsed;
  }

  const { pm, owner, actionOwner, verifier, aimsId } = cast;
  let sampleWorkflowId: string | undefined;
  let lastWorkflowId: string | undefined;
  async function lifecycle(i: number): Promise<void> {
    const t0 = performance.now();
    const raised = await call(
      'POST /cases',
      'POST',
      '/cases',
      pm,
      {
        aimsId,
        title: `Benchmark nonconformity ${i + 1}`,
        source: 'internal_audit',
        severity: 'minor',
        ownerId: owner.id,
        clauseRef: 'A.6.2.7',
      },
      201,
      'containment',
    );
    if (!raised) return;
    const id: string = raised.id;
    if (!(await call('POST /cases/:id/containment', 'POST', `/cases/${id}/containment`, owner, { correction: 'Contained and corrected' }, 200, 'root_cause')))
      return;
    const planned = await call(
      'POST /cases/:id/root-cause',
      'POST',
      `/cases/${id}/root-cause`,
      owner,
      {
        method: 'five_whys',
        causes: ['No release checklist for model documentation'],
        similarExist: false,
        actions: [{ title: 'Add the model card to the release checklist', ownerId: actionOwner.id, dueDate: isoDateInDays(30) }],
      },
      200,
      'plan_approval',
    );
    if (!planned) return;
    const approved = await call(
      'POST /cases/:id/plan-decision',
      'POST',
      `/cases/${id}/plan-decision`,
      pm,
      { approve: true, verifierId: verifier.id, comment: 'Go' },
      200,
      'implementation',
    );
    if (!approved) return;
    const actionId: string | undefined = approved.actions?.[0]?.id;
    if (!actionId) {
      failures.add(`POST /cases/${id}/plan-decision answered without an action`);
      return;
    }
    if (
      !(await call(
        'POST /cases/:id/actions/:actionId/completion',
        'POST',
        `/cases/${id}/actions/${actionId}/completion`,
        actionOwner,
        { evidence: 'Checklist updated' },
        200,
        'effectiveness',
      ))
    )
      return;
    if (
      !(await call(
        'POST /cases/:id/effectiveness',
        'POST',
        `/cases/${id}/effectiveness`,
        verifier,
        { effective: true, evidence: 'No release without a card since' },
        200,
        'closed',
      ))
    )
      return;
    items.push(performance.now() - t0);
    sampleWorkflowId ??= `nc-case-${id}`;
    lastWorkflowId = `nc-case-${id}`;
    done += 1;
  }

  const { wallMs, cpuMs, machineBusy } = await drivePool({ label: 'A', count, unit: 'cases', concurrency, done: () => done, failures, stop }, lifecycle);
  return {
    name: `A: case lifecycle via API, c${concurrency}`,
    sampleWorkflowId,
    lastWorkflowId,
    unit: 'cases',
    count,
    done,
    failures,
    wallMs,
    calls,
    items,
    callLabels: calls.labels(),
    callsName: 'all HTTP calls',
    cpuMs,
    machineBusy,
  };
}
