import { z } from 'zod';
import type { ExternalAuditorGrant } from '../../db/tables/external-auditor-grants.table';
import { CERTIFICATION_AUDITS } from '../../domain/external-auditor';
import { calendarDate, email, line } from './fields';

export const newGrantSchema = z
  .object({
    name: line(200).describe("the auditor's name (used when the email is new to the engine)"),
    email: email.describe('where the auditor signs in with a link'),
    audit: z.enum(CERTIFICATION_AUDITS).optional().describe("the certification body's audit the access is for: its date ± 7 days is the default period"),
    from: calendarDate.optional().describe('first day of access (AIMS zone); default: the audit date − 7 days'),
    until: calendarDate.optional().describe('last day of access (AIMS zone), after from; default: the audit date + 7 days'),
  })
  .strict();

export const grantParams = z.object({ id: z.uuid(), grantId: z.uuid() });

export const grantSchema = z
  .object({
    id: z.uuid(),
    aimsId: z.uuid(),
    personId: z.uuid(),
    personName: z.string(),
    audit: z.enum(CERTIFICATION_AUDITS).nullable(),
    from: z.iso.date(),
    until: z.iso.date(),
    validFrom: z.iso.datetime(),
    validUntil: z.iso.datetime().describe('the instant access ends (00:00 after the last day, AIMS zone)'),
    grantedAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    state: z.enum(['upcoming', 'in force', 'ended', 'revoked']),
  })
  .meta({ id: 'ExternalAuditorGrant' });

export const grantListSchema = z.object({
  items: z.array(grantSchema),
  defaultPeriods: z
    .array(z.object({ audit: z.enum(CERTIFICATION_AUDITS), auditDate: z.iso.date(), from: z.iso.date(), until: z.iso.date() }))
    .describe('for each certification audit with a date on record: the default period (its date ± 7 days)'),
  signInUrl: z.string().describe('the sign-in page to send the auditor: they enter their email there and get a one-time link'),
});

export const grantedSchema = z.object({ grant: grantSchema, signInUrl: z.string() });

export function toGrantDto(grant: ExternalAuditorGrant, personName: string, now: Date): z.infer<typeof grantSchema> {
  const state = grant.revoked_at ? 'revoked' : now < grant.valid_from ? 'upcoming' : now >= grant.valid_until ? 'ended' : 'in force';
  return {
    id: grant.id,
    aimsId: grant.aims_id,
    personId: grant.person_id,
    personName,
    audit: grant.audit as z.infer<typeof grantSchema>['audit'],
    from: grant.from_date,
    until: grant.until_date,
    validFrom: grant.valid_from.toISOString(),
    validUntil: grant.valid_until.toISOString(),
    grantedAt: grant.granted_at.toISOString(),
    revokedAt: grant.revoked_at?.toISOString() ?? null,
    state,
  };
}
