import { z } from 'zod';
import type { Organisation, OrganisationDeletion } from '../../db/tables/organisations.table';
import { policyOverridesSchema } from './aims.schema';
import { email, holidayRegion, line, sha256Hex, timeZone } from './fields';
import { personSchema } from './person.schema';

/** What the operator sees of an organisation: its name and id, nothing inside it. */
export const organisationSummarySchema = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'OrganisationSummary' });

export const newOrganisationSchema = z
  .object({
    name: line(200),
    admin: z
      .object({ name: line(200), email, timeZone, department: line(200).nullable().optional() })
      .strict()
      .meta({ description: 'the first admin: a new person of the organisation, sent a sign-in link' }),
  })
  .strict()
  .meta({ id: 'NewOrganisation' });

export const createdOrganisationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    admin: personSchema,
    signInLinkSent: z.boolean().describe('false when the mail relay refused the email; the admin can ask for a link on the sign-in page'),
  })
  .meta({ id: 'CreatedOrganisation' });

/** The settings an organisation's admins edit; a null sender name or reply-to means the deployment's. */
export const organisationSettingsInputSchema = z
  .object({
    senderName: line(120).nullable(),
    replyTo: email.nullable(),
    defaultTimeZone: timeZone.nullable(),
    defaultHolidayRegion: holidayRegion.nullable(),
    defaultPolicy: policyOverridesSchema,
  })
  .strict()
  .meta({ id: 'OrganisationSettingsInput' });

export const organisationSettingsSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    senderName: z.string().nullable(),
    replyTo: z.string().nullable(),
    defaultTimeZone: z.string().nullable(),
    defaultHolidayRegion: z.string().nullable(),
    defaultPolicy: policyOverridesSchema.describe('the policy overrides a new AIMS starts with when it names none'),
  })
  .meta({ id: 'OrganisationSettings' });

export function toOrganisationSettingsDto(organisation: Organisation): z.infer<typeof organisationSettingsSchema> {
  return {
    id: organisation.id,
    name: organisation.name,
    senderName: organisation.sender_name,
    replyTo: organisation.reply_to,
    defaultTimeZone: organisation.default_time_zone,
    defaultHolidayRegion: organisation.default_holiday_region,
    defaultPolicy: organisation.default_policy as z.infer<typeof policyOverridesSchema>,
  };
}

/** What the operator sends to delete an organisation: its name again, and the archive they hold. */
export const organisationDeletionRequestSchema = z
  .object({
    confirmName: line(200).describe("the organisation's name, exactly as it is: the operator confirms which one goes"),
    archiveSha256: sha256Hex.describe("the sha256 of the organisation's latest archive (its Repr-Digest), taken after its last change"),
  })
  .strict()
  .meta({ id: 'OrganisationDeletionRequest' });

export const organisationDeletionSchema = z
  .object({
    organisationId: z.uuid(),
    name: z.string(),
    status: z.enum(['deleting', 'deleted']),
    requestedAt: z.iso.datetime().nullable(),
    deletedAt: z.iso.datetime().nullable().describe('when the last row went; null while deleting'),
    aimsIds: z.array(z.uuid()),
    archiveSha256: z.string().nullable(),
    archiveMadeAt: z.iso.datetime().nullable(),
    rows: z.record(z.string(), z.number().int()).describe('rows deleted so far, per table'),
    workflowsTerminated: z.number().int(),
    peopleKept: z.number().int().describe('people whose home it was, kept as members of another organisation (their home moved there)'),
  })
  .meta({ id: 'OrganisationDeletion' });

export function toOrganisationDeletionDto(row: OrganisationDeletion): z.infer<typeof organisationDeletionSchema> {
  return {
    organisationId: row.organisation_id,
    name: row.name,
    status: row.status,
    requestedAt: row.requested_at?.toISOString() ?? null,
    deletedAt: row.deleted_at?.toISOString() ?? null,
    aimsIds: row.aims_ids,
    archiveSha256: row.archive_sha256,
    archiveMadeAt: row.archive_made_at?.toISOString() ?? null,
    rows: Object.fromEntries(Object.entries(row.summary).map(([table, n]) => [table, Number(n)])),
    workflowsTerminated: row.workflows_terminated,
    peopleKept: row.people_kept,
  };
}
