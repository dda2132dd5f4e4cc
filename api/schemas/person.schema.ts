import { z } from 'zod';
import type { Person } from '../../db/tables/people.table';
import { ROLES } from '../../domain/roles';
import { email, line, paragraph, ref, timeZone } from './fields';

export const roleSchema = z.enum(ROLES);

export const personSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    timeZone: z.string(),
    department: z.string().nullable(),
    managerId: z.uuid().nullable(),
    roles: z.array(roleSchema),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Person' });

export const newPersonSchema = z
  .object({
    name: line(200),
    email,
    timeZone,
    department: line(200).nullable().optional(),
    managerId: ref('a person').nullable().optional(),
    roles: z.array(roleSchema).min(1, 'a person needs at least one role'),
  })
  .strict()
  .meta({ id: 'NewPerson' });

export function toPersonDto(person: Person): z.infer<typeof personSchema> {
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    timeZone: person.time_zone,
    department: person.department,
    managerId: person.manager_id,
    roles: person.roles,
    active: person.active,
    createdAt: person.created_at.toISOString(),
  };
}

/** A change of a person: only the fields given change. An admin may change all; anyone their own name and zone. */
export const personEditSchema = z
  .object({
    name: line(200).optional(),
    email: email.optional(),
    timeZone: timeZone.optional(),
    department: line(200).nullable().optional(),
    managerId: ref('an active person').nullable().optional(),
    roles: z.array(roleSchema).min(1, 'a person needs at least one role').optional(),
  })
  .strict()
  .refine((edit) => Object.keys(edit).length > 0, 'name at least one field to change')
  .meta({ id: 'PersonEdit' });

/** Fields a person may change about themselves; the rest is an admin's. */
export const SELF_EDITABLE = ['name', 'timeZone'] as const;

export const deactivationSchema = z
  .object({
    newOwnerId: ref('an active person').optional().describe("who takes the leaver's open tasks over; default: the leaver's manager"),
    reason: line(500).default('left the organisation'),
  })
  .strict()
  .meta({ id: 'Deactivation' });

export const deactivationResultSchema = z
  .object({
    person: personSchema,
    newOwnerId: z.uuid().nullable(),
    handedOver: z.array(z.object({ taskId: z.uuid(), title: z.string() })),
  })
  .meta({ id: 'DeactivationResult' });

export const peopleImportSchema = z
  .object({
    csv: paragraph(500_000, 'give the CSV text: a header line, then one line per person').describe(
      'CSV with the columns name, email, zone, department, manager email, roles (roles separated by ";")',
    ),
    dryRun: z.boolean().default(true).describe('true (default): only check and list every problem by line; false: import all or nothing'),
  })
  .strict()
  .meta({ id: 'PeopleImport' });

export const peopleImportResultSchema = z
  .object({
    dryRun: z.boolean(),
    imported: z.boolean(),
    people: z.array(z.object({ line: z.int(), name: z.string(), email: z.string() })),
    problems: z.array(z.object({ line: z.int(), field: z.string(), reason: z.string() })),
  })
  .meta({ id: 'PeopleImportResult' });
