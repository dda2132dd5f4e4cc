import { loadReach } from '../../services/access';
import { z } from 'zod';
import { listAimsNamesById } from '../../db/repositories/aims.repository';
import { recordChange } from '../../db/repositories/audit-trail.repository';
import { findPersonByFeedToken, issueFeedToken, revokeFeedToken } from '../../db/repositories/feed-tokens.repository';
import type { Person } from '../../db/tables/people.table';
import { AppError } from '../../domain/app-error';
import { ROLES } from '../../domain/roles';
import { aimsFeedIcs, loadAimsFeed, personFeedIcs } from '../../services/calendar-feeds';
import { listOpenTasks } from '../../services/task-listing';
import type { ApiContext } from '../api-context';
import { defineRoute, uuidParam } from '../route';

// Calendar apps subscribe to a URL and send no headers, so the feed token sits in the path and
// the feed routes are public. Whatever is wrong with a feed URL, the answer is the same 404: a
// guessed or revoked URL learns nothing, not even that it once worked.

const CALENDAR = 'text/calendar; charset=utf-8';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const noFeed = () => new AppError('not_found', 'no such calendar feed');

async function feedOwner(ctx: ApiContext, token: string): Promise<Person> {
  const person = await findPersonByFeedToken(ctx.db, token);
  if (!person) throw noFeed();
  return person;
}

/** Revokes a person's active feed token and records who did it; false if none was active. */
async function revokeFeedOf(ctx: ApiContext, personId: string, by: Person): Promise<boolean> {
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await revokeFeedToken(trx, personId, at);
    if (!id) return false;
    await recordChange(trx, {
      aimsId: null,
      actor: { id: by.id, label: by.name },
      at,
      entityType: 'feed_token',
      entityId: id,
      action: 'revoked',
      before: null,
      after: { personId, revokedAt: at.toISOString() },
    });
    return true;
  });
}

const feedUrlsSchema = z
  .object({
    personFeedUrl: z.url(),
    aimsFeedUrls: z.array(z.object({ aimsId: z.uuid(), name: z.string(), url: z.url() })),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'FeedUrls' });

export const feedRoutes = [
  defineRoute({
    method: 'post',
    path: '/feeds/token',
    summary: "Issue the caller's calendar feed URLs, revoking the previous ones; the secret is in these URLs only and shown once",
    tag: 'feeds',
    access: ROLES,
    scope: 'self',
    response: { status: 201, description: 'issued', schema: feedUrlsSchema },
    handler: async ({ person, aimsIds }, ctx) => {
      const at = ctx.clock.now();
      const issued = await ctx.db.transaction().execute(async (trx) => {
        const token = await issueFeedToken(trx, person.id, at);
        // The trail names the token, never its secret.
        await recordChange(trx, {
          aimsId: null,
          actor: { id: person.id, label: person.name },
          at,
          entityType: 'feed_token',
          entityId: token.id,
          action: 'issued',
          before: null,
          after: { personId: person.id, replaced: token.revokedId ?? null },
        });
        return token;
      });
      const base = `${ctx.config.api.publicBaseUrl}/feeds/${issued.secret}`;
      const aims = await listAimsNamesById(ctx.db, aimsIds);
      return {
        status: 201,
        body: {
          personFeedUrl: `${base}/person.ics`,
          aimsFeedUrls: aims.map((a) => ({ aimsId: a.id, name: a.name, url: `${base}/aims/${a.id}.ics` })),
          createdAt: issued.createdAt.toISOString(),
        },
      };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/feeds/token',
    summary: "Revoke the caller's calendar feed URLs",
    tag: 'feeds',
    access: ROLES,
    scope: 'self',
    response: { status: 204, description: 'revoked' },
    failures: { 404: 'no active feed token' },
    handler: async ({ person }, ctx) => {
      if (!(await revokeFeedOf(ctx, person.id, person))) throw new AppError('not_found', 'you have no active calendar feed');
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/people/:id/feed-token',
    summary: "Revoke a person's calendar feed URLs",
    tag: 'feeds',
    access: ['admin'],
    scope: { person: 'id' },
    params: uuidParam,
    response: { status: 204, description: 'revoked' },
    failures: { 404: 'the person has no active feed token' },
    handler: async ({ params, person }, ctx) => {
      if (!(await revokeFeedOf(ctx, params.id, person))) throw new AppError('not_found', `person ${params.id} has no active calendar feed`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/feeds/:token/person.ics',
    summary: "The token holder's open tasks as all-day events on their due dates (the token is the credential)",
    tag: 'feeds',
    access: 'public',
    scope: 'public',
    params: z.object({ token: z.string() }),
    response: { status: 200, description: 'iCalendar', schema: z.string(), contentType: CALENDAR },
    failures: { 404: 'unknown or revoked feed token' },
    handler: async ({ params, res }, ctx) => {
      const person = await feedOwner(ctx, params.token);
      const tasks = await listOpenTasks(ctx.db, ctx.clock.now(), { ownerId: person.id });
      res.setHeader('Cache-Control', 'private, no-store');
      return { body: personFeedIcs(person, tasks, ctx.config.api.publicBaseUrl) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/feeds/:token/aims/:aimsId.ics',
    summary: 'Internal audits, management reviews and external audits of one AIMS (the token is the credential)',
    tag: 'feeds',
    access: 'public',
    scope: 'public',
    params: z.object({ token: z.string(), aimsId: z.string() }),
    response: { status: 200, description: 'iCalendar in the AIMS zone', schema: z.string(), contentType: CALENDAR },
    failures: { 404: 'unknown or revoked feed token, or no such AIMS' },
    handler: async ({ params, res }, ctx) => {
      const holder = await feedOwner(ctx, params.token);
      // An AIMS out of the holder's reach is the same 404 as an unknown one.
      const reachable = (await loadReach(ctx.db, holder.id)).rolesOn(params.aimsId).length > 0;
      const feed = reachable && UUID.test(params.aimsId) ? await loadAimsFeed(ctx.db, params.aimsId) : undefined;
      if (!feed) throw new AppError('not_found', 'no such AIMS');
      res.setHeader('Cache-Control', 'private, no-store');
      return { body: aimsFeedIcs(feed, ctx.config.api.publicBaseUrl) };
    },
  }),
];
