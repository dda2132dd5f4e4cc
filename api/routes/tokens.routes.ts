import { z } from 'zod';
import { findActiveTokenHolder, listActiveTokens, revokeToken } from '../../db/repositories/api-tokens.repository';
import { recordChange } from '../../db/repositories/audit-trail.repository';
import { AppError } from '../../domain/app-error';
import { ROLES } from '../../domain/roles';
import { issueTokenFor } from '../../services/people.service';
import type { Reach } from '../../services/access';
import { defineRoute, uuidParam } from '../route';
import { apiTokenSchema, issuedOwnTokenSchema, newTokenSchema, toApiTokenDto, tokenListQuerySchema } from '../schemas/token.schema';

// Everyone manages their own API tokens (for scripts and API clients); admins see and revoke
// anyone's. A secret is shown once, when it is issued, and never stored.

const trailActor = (person: { id: string; name: string }) => ({ id: person.id, label: person.name });
const DAY_MS = 24 * 60 * 60 * 1000;

/** The organisations whose people's tokens the caller administers: where they are an admin of the whole organisation. */
const administered = (reach: Reach): string[] => reach.organisationsWith(['admin']).filter((o) => reach.wideRolesIn(o).includes('admin'));

export const tokenRoutes = [
  defineRoute({
    method: 'get',
    path: '/tokens',
    summary: "My active API tokens (admins: someone's with personId, everyone's with all=true); never a secret",
    tag: 'people',
    access: ROLES,
    scope: 'self',
    query: tokenListQuerySchema,
    response: { status: 200, description: 'active tokens, newest first', schema: z.object({ items: z.array(apiTokenSchema) }) },
    handler: async ({ query, person, reach }, ctx) => {
      const organisations = administered(reach);
      if (organisations.length === 0 && (query.all === 'true' || (query.personId && query.personId !== person.id))) {
        throw new AppError('forbidden', "only admins see other people's tokens");
      }
      const personId = query.all === 'true' ? undefined : (query.personId ?? person.id);
      // Another's tokens only of people whose home organisation the caller administers.
      const items = await listActiveTokens(ctx.db, personId, personId === person.id ? undefined : organisations);
      return { body: { items: items.map(toApiTokenDto) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/tokens',
    summary: 'Issue an API token for myself, with a label and an optional last day; the secret is shown once',
    tag: 'people',
    access: ROLES,
    scope: 'self',
    body: newTokenSchema,
    response: { status: 201, description: 'issued', schema: issuedOwnTokenSchema },
    handler: async ({ body, person }, ctx) => {
      const now = ctx.clock.now();
      // Works through its last day (UTC): it stops at the midnight that ends it.
      const expiresAt = body.expiresOn ? new Date(Date.parse(`${body.expiresOn}T00:00:00Z`) + DAY_MS) : null;
      if (expiresAt && expiresAt <= now) {
        throw new AppError('validation_failed', 'the last day must not be in the past', [{ field: 'body.expiresOn', reason: 'must not be in the past' }]);
      }
      const token = await issueTokenFor(ctx.db, person.id, body.label, trailActor(person), now, expiresAt);
      return { status: 201, body: { id: token.id, token: token.secret, expiresAt: expiresAt?.toISOString() ?? null } };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/tokens/:id',
    summary: 'Revoke an API token: one of mine, or (admins) anyone’s',
    tag: 'people',
    access: ROLES,
    scope: 'self',
    params: uuidParam,
    response: { status: 204, description: 'revoked' },
    failures: { 404: 'no such active token (of yours)' },
    handler: async ({ params, person, reach }, ctx) => {
      const at = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        const holder = await findActiveTokenHolder(trx, params.id);
        // Someone else's token is as unknown to a non-admin as a token that does not exist.
        // …and so is a token of another organisation's person to an admin.
        const mayRevoke = holder && (holder.personId === person.id || administered(reach).includes(holder.organisationId));
        if (!mayRevoke) throw new AppError('not_found', `no active token ${params.id}`);
        if (!(await revokeToken(trx, params.id, at))) throw new AppError('not_found', `no active token ${params.id}`);
        await recordChange(trx, {
          aimsId: null,
          actor: trailActor(person),
          at,
          entityType: 'api_token',
          entityId: params.id,
          action: 'revoked',
          before: null,
          after: { revokedAt: at.toISOString() },
        });
      });
    },
  }),
];
