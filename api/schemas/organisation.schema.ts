import { z } from 'zod';
import type { Organisation } from '../../db/tables/organisations.table';
import { policyOverridesSchema } from './aims.schema';
import { email, holidayRegion, line, timeZone } from './fields';
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
