import { z } from 'zod';
import type { Person } from '../../db/tables/people.table';
import { ROLES } from '../../domain/roles';
import { email, line, ref, timeZone } from './fields';

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
