import { z } from 'zod';
import type { Person } from '../../db/tables/people.table';
import { ROLES } from '../../domain/roles';
import { isIanaZone } from '../../domain/time-zone';

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
    name: z.string().trim().min(1, 'must not be empty').max(200),
    email: z.email('must be an email address'),
    timeZone: z.string().refine(isIanaZone, 'must be an IANA time zone such as Europe/Berlin'),
    department: z.string().trim().min(1).max(200).nullable().optional(),
    managerId: z.uuid().nullable().optional(),
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
