import { findPersonName } from '../../db/repositories/people.repository';
import { listGrantsOfAims } from '../../db/repositories/external-auditor-grants.repository';
import { defaultPeriods, grantExternalAuditor, revokeExternalAuditor } from '../../services/external-auditor-grants';
import { emailExternalAuditor } from '../../services/external-auditor-notice';
import type { ApiContext } from '../api-context';
import { defineRoute, uuidParam } from '../route';
import { grantedSchema, grantListSchema, grantParams, grantSchema, newGrantSchema, toGrantDto } from '../schemas/external-auditor.schema';

// The certification body's auditor's read-only access to one AIMS (issue #14), managed by the
// AIMS's programme manager. What the auditor then reaches is `api/external-auditor-reads.ts`.

const actorOf = (person: { id: string; name: string }) => ({ id: person.id, label: person.name });
/** Where the auditor asks for a sign-in link (the existing flow: their email, then a one-time link). */
const signInUrl = (ctx: ApiContext) => `${ctx.config.api.publicBaseUrl}/ui/sign-in`;

export const externalAuditorRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims/:id/external-auditors',
    summary:
      "Grant the certification body's auditor read-only access to this AIMS for a period: the audit's date ± 7 days by default, or from/until. " +
      'The auditor is created (name and email only, no role) when the email is new, and is emailed the period and signInUrl',
    tag: 'external auditors',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: newGrantSchema,
    response: { status: 201, description: 'granted', schema: grantedSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, body, person }, ctx) => {
      const now = ctx.clock.now();
      const grant = await grantExternalAuditor(ctx.db, params.id, body, actorOf(person), now);
      // Sent after the answer (the grant stands whatever the relay does; the page shows the sign-in address too).
      emailExternalAuditor({ db: ctx.db, mailer: ctx.mailer }, grant, person.name, signInUrl(ctx), now).catch((error: unknown) =>
        ctx.log.error({ err: error, grantId: grant.id }, 'the external auditor could not be emailed'),
      );
      const name = (await findPersonName(ctx.db, grant.person_id))?.name ?? body.name;
      return { status: 201, body: { grant: toGrantDto(grant, name, now), signInUrl: signInUrl(ctx) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/external-auditors',
    summary: "The AIMS's external auditor grants (past, in force, upcoming and revoked) and the default period of each certification audit on record",
    tag: 'external auditors',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the grants', schema: grantListSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      const now = ctx.clock.now();
      const rows = await listGrantsOfAims(ctx.db, params.id);
      return {
        body: {
          items: rows.map((row) => toGrantDto(row, row.person_name, now)),
          defaultPeriods: await defaultPeriods(ctx.db, params.id),
          signInUrl: signInUrl(ctx),
        },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/aims/:id/external-auditors/:grantId/revocation',
    summary: 'End an external auditor grant now: their reads and page session stop at once',
    tag: 'external auditors',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: grantParams,
    response: { status: 200, description: 'revoked', schema: grantSchema },
    failures: { 404: 'no such AIMS or grant', 409: 'revoked already' },
    handler: async ({ params, person }, ctx) => {
      const now = ctx.clock.now();
      const grant = await revokeExternalAuditor(ctx.db, params.id, params.grantId, actorOf(person), now);
      const name = (await findPersonName(ctx.db, grant.person_id))?.name ?? '';
      return { body: toGrantDto(grant, name, now) };
    },
  }),
];
