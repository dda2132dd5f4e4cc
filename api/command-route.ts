import type { UpdateDefinition } from '@temporalio/common';
import type { ZodType } from 'zod';
import type { Actor } from '../domain/actor';
import { actorOf } from './actor';
import type { ApiContext } from './api-context';
import { defineRoute, type Access, type RouteDefinition } from './route';
import { runCommand } from './run-command';

/** Every command names its item in the path as `:id`. */
type ItemParams = { id: string };

/**
 * What the commands on one kind of item share: where they live, who may send them, how the
 * item's workflow is found and what they answer. Written once per item (cases, audits, …).
 */
export interface CommandItem<Found> {
  /** The item's path, such as `/cases/:id`; a command's own path is appended to it. */
  path: string;
  tag: string;
  access: Access;
  /** The path parameters of a command that declares none of its own. */
  params: ZodType<ItemParams>;
  response: { description: string; schema: ZodType };
  failures: Record<number, string>;
  /** Loads what the checks need, before them, so a missing item is a 404 before anything else. */
  find?: (ctx: ApiContext, id: string) => Promise<Found>;
  /** The workflow that takes the item's commands; asked after the checks (it may look it up). */
  workflowId: (ctx: ApiContext, id: string, found: Found) => string | Promise<string>;
  /** The answer: the item as it is after the command. */
  answer: (ctx: ApiContext, id: string) => Promise<unknown>;
}

/** One command: its route, its checks at the edge, and the workflow update it sends. */
export interface Command<P extends ItemParams, B, Found, A, Ret> {
  /** Appended to the item's path: `containment`, `occurrences/:index/move`. */
  path: string;
  summary: string;
  params?: ZodType<P>;
  body: ZodType<B>;
  /** Refusals the workflow cannot make itself (inactive people, implausible dates); throws. */
  check?: (ctx: ApiContext, input: { params: P; body: B; found: Found }) => Promise<void> | void;
  update: UpdateDefinition<Ret, [Actor, A]>;
  /** The update's argument after the actor; without it, the body as validated. */
  args?: (input: { params: P; body: B; found: Found }) => A;
  /** Where a command differs from the item's other commands (merged over the item's response). */
  access?: Access;
  response?: { status?: number; description?: string; schema?: ZodType };
  failures?: Record<number, string>;
  answer?: (ctx: ApiContext, input: { params: P; found: Found; result: Ret }) => Promise<unknown>;
}

/** Declares the commands of one item; without `args`, the body must be what the update takes. */
export interface CommandRouteFactory<Found> {
  <P extends ItemParams, A, B extends A, Ret>(command: Command<P, B, Found, A, Ret> & { args?: undefined }): RouteDefinition;
  <P extends ItemParams, B, A, Ret>(command: Command<P, B, Found, A, Ret> & { args: (input: { params: P; body: B; found: Found }) => A }): RouteDefinition;
}

/**
 * Builds the routes of an item's commands. Each runs, in this order: find the item (404), the
 * command's checks (422), the update on the item's workflow (the workflow's refusal as its 4xx,
 * see `runCommand`), then answers with the item as it now is.
 */
export function commandRoutes<Found = undefined>(item: CommandItem<Found>): CommandRouteFactory<Found> {
  return <P extends ItemParams, B, A, Ret>(command: Command<P, B, Found, A, Ret>): RouteDefinition =>
    defineRoute<P, Record<string, never>, B, unknown>({
      method: 'post',
      path: `${item.path}/${command.path}`,
      summary: command.summary,
      tag: item.tag,
      access: command.access ?? item.access,
      params: command.params ?? (item.params as unknown as ZodType<P>),
      body: command.body,
      response: { status: 200, ...item.response, ...command.response },
      failures: command.failures ?? item.failures,
      handler: async ({ params, body, person }, ctx) => {
        const found = item.find ? await item.find(ctx, params.id) : (undefined as Found);
        await command.check?.(ctx, { params, body, found });
        const handle = ctx.temporal.workflow.getHandle(await item.workflowId(ctx, params.id, found));
        const args = command.args ? command.args({ params, body, found }) : (body as unknown as A);
        const result = await runCommand(handle, command.update, actorOf(person), args);
        return { body: command.answer ? await command.answer(ctx, { params, found, result }) : await item.answer(ctx, params.id) };
      },
    });
}
