import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { z } from 'zod';
import type { HttpMethod } from '../../api/route';
import type { ApiAnswer, ApiPath } from '../../api/routes';
import type { newAimsSchema } from '../../api/schemas/aims.schema';
import type { containmentSchema, newCaseSchema } from '../../api/schemas/case.schema';
import type { Config } from '../../config/config';
import type { Clock } from '../../domain/clock';
import type { EmailOutboxSender } from '../../activities/outbox/email-outbox-sender';
import type { Role } from '../../domain/roles';
import { MailCatcher } from '../../mail/capture-server';
import { createMailer, type Mailer } from '../../mail/mailer';
import type { Engine } from '../../main/engine';
import { testEngine } from './api';
import { freshPostgres } from './database';
import { newPerson } from './fixtures';
import { issueToken } from '../../db/repositories/api-tokens.repository';
import { devServerEnv, timeSkippingEnv } from './temporal';

export { PUBLIC_BASE_URL } from './api';

/** The names of a path pattern's `:name` segments: `'id' | 'actionId'` for `/cases/:id/actions/:actionId/completion`. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** What `h.request` sends: the path's parameters (required when it has any), a query, a token, a body. */
export type RequestOptions<P extends string> = { token: string; query?: Record<string, string | number | boolean | undefined>; body?: unknown } & ([
  PathParamNames<P>,
] extends [never]
  ? { params?: undefined }
  : { params: Record<PathParamNames<P>, string> });

/** A person with a bearer token, as `h.person` gives. */
export interface Caller {
  id: string;
  token: string;
}

export interface Email {
  to: string;
  subject: string;
  date: Date;
  text: string;
  html: string;
  parsed: ParsedMail;
}

/**
 * The whole engine for a test file: real PostgreSQL, the time-skipping Temporal server with a
 * worker running the product's workflows and activities, a real SMTP listener, and the API,
 * whose clock follows the Temporal server's skipped time.
 */
export class EngineHarness {
  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly postgres: Awaited<ReturnType<typeof freshPostgres>>,
    readonly catcher: MailCatcher,
    private readonly engine: Engine,
    readonly api: { url: string; config: Config },
    private readonly clock: { offsetMs: number },
    private readonly worker: Worker | undefined,
    private readonly mailer: Mailer,
    private readonly outbox: EmailOutboxSender | undefined,
  ) {}

  /** `worker: false` leaves polling to a worker the test runs itself (e.g. in a process it can kill). */
  static async start(options: { worker?: boolean; server?: 'time-skipping' | 'dev'; env?: Record<string, string> } = {}): Promise<EngineHarness> {
    const catcher = new MailCatcher({ port: 0, keepInMemory: true });
    await catcher.start();
    const dev = options.server === 'dev';
    const [postgres, env] = await Promise.all([freshPostgres(), dev ? devServerEnv() : timeSkippingEnv()]);
    const clockState = { offsetMs: 0 };
    const clock: Clock = { now: () => new Date(Date.now() + clockState.offsetMs) };
    const mailer = createMailer(
      { kind: 'capture', port: catcher.port, dir: '', from: 'AIMS <aims@example.org>' },
      { smtpUser: undefined, smtpPassword: undefined },
    );
    // The composition root over the test's servers; the dev server keeps search attributes.
    const engine = await testEngine({ db: postgres.db, temporal: env, clock, mailer }, dev, options.env);
    const running = options.worker === false ? undefined : await engine.startWorker();
    const { url } = await engine.serveHttp();
    const harness = new EngineHarness(env, postgres, catcher, engine, { url, config: engine.config }, clockState, running?.worker, mailer, running?.outbox);
    await harness.syncClock();
    return harness;
  }

  get db() {
    return this.postgres.db;
  }

  async stop(): Promise<void> {
    await this.engine.close(); // the API, then the worker
    await this.env.teardown();
    // The engine closes only a mailer it made; this one is the harness's. Its pooled connection
    // left open would hold the catcher's close for the SMTP server's 30 s close timeout.
    this.mailer.close();
    await this.catcher.stop();
    await this.postgres.drop();
  }

  async syncClock(): Promise<void> {
    this.clock.offsetMs = (await this.env.currentTimeMs()) - Date.now();
  }

  /** Skips Temporal time forward to an instant (no-op if it has passed), then lets activities settle. */
  async advanceTo(iso: string): Promise<void> {
    const now = await this.env.currentTimeMs();
    const target = Date.parse(iso);
    if (target > now) await this.env.sleep(target - now);
    await this.syncClock();
    await this.settle();
  }

  /**
   * Waits until the harness's worker has had nothing in flight (no activity, no workflow
   * activation, no look of its email outbox sender) and no email has arrived for `quietMs`:
   * timers that fired and commands that answered have done their sending. A command answers
   * before its emails go out (the outbox, or a send activity before 'email-outbox'), and a quiet
   * period alone missed such a send on a loaded machine.
   */
  async settle(quietMs = 400): Promise<void> {
    const busy = () => {
      const status = this.worker?.getStatus();
      return (status !== undefined && (status.numInFlightActivities > 0 || status.numInFlightWorkflowActivations > 0)) || this.outbox?.busy() === true;
    };
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Bounded: a test that keeps an activity running on purpose is not held up for ever.
    const giveUpOnBusyAt = Date.now() + 30_000;
    for (;;) {
      while (busy() && Date.now() < giveUpOnBusyAt) await pause(50);
      const seen = this.catcher.messages.length;
      await pause(quietMs);
      if ((!busy() || Date.now() >= giveUpOnBusyAt) && seen === this.catcher.messages.length) return;
    }
  }

  /** Waits until a workflow has no activity or workflow task in flight: only timers are pending. */
  async waitIdle(workflowId: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { raw } = await this.env.client.workflow.getHandle(workflowId).describe();
      if ((raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask) return;
      if (Date.now() > deadline) throw new Error(`${workflowId} still busy after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Emails a workflow's commands asked for, once all are out: since 'email-after-answer' a
   * command answers before its emails are sent, so a test that drains the inbox right after the
   * answer can miss one that then lands in its next check. Waits until the workflow has no
   * activity (the sends) or workflow task in flight, then returns what arrived.
   */
  async emailsSentBy(workflowId: string): Promise<Email[]> {
    await this.waitIdle(workflowId);
    return this.newEmails();
  }

  private read = 0;

  /** Emails that arrived since the last call, parsed, in arrival order. */
  async newEmails(): Promise<Email[]> {
    await this.settle();
    const fresh = this.catcher.messages.slice(this.read);
    this.read = this.catcher.messages.length;
    return Promise.all(
      fresh.map(async (m) => {
        const parsed = await simpleParser(m.raw);
        return { to: m.to.join(','), subject: parsed.subject ?? '', date: parsed.date!, text: parsed.text ?? '', html: String(parsed.html), parsed };
      }),
    );
  }

  async person(name: string, roles: Role[], extra: { timeZone?: string; managerId?: string | null; department?: string } = {}) {
    const person = await newPerson(this.db, { name, email: `${name.toLowerCase()}@example.org`, roles, ...extra });
    const { secret } = await issueToken(this.db, person.id, 'test');
    return { ...person, token: secret };
  }

  /**
   * Calls one of the API's routes by its declared method and path pattern (`/cases/:id/containment`),
   * with `params` put into the `:name` segments (URL-encoded). The body is typed as the route's
   * success answer (its response schema): check `status` before relying on it. `h.call` stays for
   * requests that are wrong on purpose.
   */
  async request<M extends Uppercase<HttpMethod>, P extends ApiPath<Lowercase<M>>>(
    method: M,
    path: P,
    options: RequestOptions<P>,
  ): Promise<{ status: number; body: ApiAnswer<Lowercase<M>, P> }> {
    const params: Record<string, string> = options.params ?? {};
    const filled = path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
      if (params[name] === undefined) throw new Error(`${method} ${path}: no value for :${name}`);
      return encodeURIComponent(params[name]);
    });
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) query.append(key, String(value));
    const search = query.size ? `?${query}` : '';
    return this.call<ApiAnswer<Lowercase<M>, P>>(method, filled + search, options.token, options.body);
  }

  /** The body of a call that must answer `expected` (else it throws with the answer): for setting a test up. */
  private async must<T>(expected: number, what: string, call: Promise<{ status: number; body: T }>): Promise<T> {
    const answer = await call;
    if (answer.status !== expected) throw new Error(`${what} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Who set up each AIMS through `newAims`: `raiseCase` raises as them unless told otherwise. */
  private readonly managers = new Map<string, Caller>();

  /** An AIMS set up through the API by its programme manager (Europe/Berlin, DE holidays, unless overridden). */
  async newAims(pm: Caller, overrides: Partial<z.input<typeof newAimsSchema>> = {}) {
    const body: z.input<typeof newAimsSchema> = { name: 'AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.id, ...overrides };
    const aims = await this.must(201, 'POST /aims', this.request('POST', '/aims', { token: pm.token, body }));
    this.managers.set(aims.id, pm);
    return aims;
  }

  /**
   * A nonconformity raised through the API (minor, internal audit, a title, unless overridden), by
   * `by` or else the programme manager who set the AIMS up with `newAims`.
   */
  async raiseCase(aimsId: string, owner: Caller, overrides: Partial<z.input<typeof newCaseSchema>> & { by?: Caller } = {}) {
    const { by, ...fields } = overrides;
    const raiser = by ?? this.managers.get(aimsId);
    if (!raiser) throw new Error(`raiseCase: who raises it? AIMS ${aimsId} was not set up with newAims; pass \`by\``);
    const body: z.input<typeof newCaseSchema> = { aimsId, title: 'A nonconformity', source: 'internal_audit', severity: 'minor', ownerId: owner.id, ...fields };
    return this.must(201, 'POST /cases', this.request('POST', '/cases', { token: raiser.token, body }));
  }

  /** The case owner records containment through the API; answers the case as it now is. */
  async contain(caseId: string, owner: Caller, overrides: Partial<z.input<typeof containmentSchema>> = {}) {
    const body: z.input<typeof containmentSchema> = { correction: 'Contained', ...overrides };
    return this.must(200, 'POST containment', this.request('POST', '/cases/:id/containment', { params: { id: caseId }, token: owner.token, body }));
  }

  async call<T = any>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(this.api.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
