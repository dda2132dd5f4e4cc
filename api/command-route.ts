import type { UpdateDefinition } from '@temporalio/common';
import type { z, ZodType } from 'zod';
import type { Actor } from '../domain/actor';
import { actorOf } from './actor';
import type { ApiContext } from './api-context';
import { defineRoute, type Access, type RouteDefinition, type Scope, type TypedRoute } from './route';
import { runCommand } from './run-command';

/** Every command names its item in the path as `:id`. */
type ItemParams = { id: string };

/**
 * What the commands on one kind of item share: where they live, who may send them, how the
 * item's workflow is found and what they answer. Written once per item (cases, audits, …).
 */
export interface CommandItem<Base extends string, S extends ZodType, Found> {
  /** The item's path, such as `/cases/:id`; a command's own path is appended to it. */
  path: Base;
  tag: string;
  access: Access;
  /** How the item's AIMS is found (see `Scope`): out of reach answers 404 before anything else. */
  scope: Scope;
  /** The path parameters of a command that declares none of its own. */
  params: ZodType<ItemParams>;
  /** The answer's schema; it types the answer (`answer`) and each command's route. */
  response: { description: string; schema: S };
  failures: Record<number, string>;
  /** Loads what the checks need, before them, so a missing item is a 404 before anything else. */
  find?: (ctx: ApiContext, id: string) => Promise<Found>;
  /** The workflow that takes the item's commands; asked after the checks (it may look it up). */
  workflowId: (ctx: ApiContext, id: string, found: Found) => string | Promise<string>;
  /** The answer: the item as it is after the command, as the response schema describes it. */
  answer: (ctx: ApiContext, id: string) => Promise<NoInfer<z.output<S>>>;
}

/** One command: its route, its checks at the edge, and the workflow update it sends. */
export interface Command<Sub extends string, P extends ItemParams, B, Found, A, Ret, S extends ZodType> {
  /** Appended to the item's path: `containment`, `occurrences/:index/move`. */
  path: Sub;
  summary: string;
  params?: ZodType<P>;
  body: ZodType<B>;
  /** Refusals the workflow cannot make itself (inactive people, implausible dates); throws. */
  check?: (ctx: ApiContext, input: { params: P; body: B; found: Found }) => Promise<void> | void;
  update: UpdateDefinition<Ret, [Actor, A]>;
  /** Runs after the checks, before the update: e.g. a reopen starts a new run of a workflow that ended. */
  beforeUpdate?: (ctx: ApiContext, workflowId: string) => Promise<void>;
  /** The update's argument after the actor; without it, the body as validated. */
  args?: (input: { params: P; body: B; found: Found }) => A;
  /** Where a command differs from the item's other commands (merged over the item's response). */
  access?: Access;
  /** A schema here replaces the item's, and types this command's answer instead. */
  response?: { status?: number; description?: string; schema?: S };
  failures?: Record<number, string>;
  answer?: (ctx: ApiContext, input: { params: P; found: Found; result: Ret }) => Promise<NoInfer<z.output<S>>>;
}

/**
 * Declares the commands of one item; without `args`, the body must be what the update takes.
 * Each route keeps its full path (`${item path}/${command path}`) and its answer type (the
 * command's response schema, else the item's) as literal types, for typed callers (`ApiPath`).
 */
export interface CommandRouteFactory<Base extends string, S extends ZodType, Found> {
  <const Sub extends string, P extends ItemParams, A, B extends A, Ret, CS extends ZodType = S>(
    command: Command<Sub, P, B, Found, A, Ret, CS> & { args?: undefined },
  ): TypedRoute<'post', `${Base}/${Sub}`, z.output<CS>>;
  <const Sub extends string, P extends ItemParams, B, A, Ret, CS extends ZodType = S>(
    command: Command<Sub, P, B, Found, A, Ret, CS> & { args: (input: { params: P; body: B; found: Found }) => A },
  ): TypedRoute<'post', `${Base}/${Sub}`, z.output<CS>>;
}

/**
 * Builds the routes of an item's commands. Each runs, in this order: find the item (404), the
 * command's checks (422), the update on the item's workflow (the workflow's refusal as its 4xx,
 * see `runCommand`), then answers with the item as it now is.
 */
export function commandRoutes<const Base extends string, S extends ZodType, Found = undefined>(
  item: CommandItem<Base, S, Found>,
): CommandRouteFactory<Base, S, Found> {
  const route = <Sub extends string, P extends ItemParams, B, A, Ret>(command: Command<Sub, P, B, Found, A, Ret, ZodType>): RouteDefinition =>
    defineRoute<'post', `${Base}/${Sub}`, P, Record<string, never>, B, unknown>({
      method: 'post',
      path: `${item.path}/${command.path}` as const,
      summary: command.summary,
      tag: item.tag,
      access: command.access ?? item.access,
      scope: item.scope,
      params: command.params ?? (item.params as unknown as ZodType<P>),
      body: command.body,
      response: { status: 200, ...item.response, ...command.response },
      failures: command.failures ?? item.failures,
      handler: async ({ params, body, person }, ctx) => {
        const found = item.find ? await item.find(ctx, params.id) : (undefined as Found);
        await command.check?.(ctx, { params, body, found });
        const workflowId = await item.workflowId(ctx, params.id, found);
        await command.beforeUpdate?.(ctx, workflowId);
        const handle = ctx.temporal.workflow.getHandle(workflowId);
        const args = command.args ? command.args({ params, body, found }) : (body as unknown as A);
        const result = await runCommand(handle, command.update, actorOf(person), args);
        return { body: command.answer ? await command.answer(ctx, { params, found, result }) : await item.answer(ctx, params.id) };
      },
    });
  // The overloads only narrow what `route` accepts and name what it returns (a type, nothing at run time).
  return route as CommandRouteFactory<Base, S, Found>;
}
