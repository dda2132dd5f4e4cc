import { z } from 'zod';
import { findPersonById, listPeople } from '../../db/repositories/people.repository';
import { AppError } from '../../domain/app-error';
import { ROLES } from '../../domain/roles';
import { createPerson, issueTokenFor } from '../../services/people.service';
import { defineRoute, uuidParam } from '../route';
import { line } from '../schemas/fields';
import { newPersonSchema, personSchema, toPersonDto } from '../schemas/person.schema';

const PEOPLE_READERS = ['programme_manager', 'management', 'admin'] as const;
/** The audit trail's view of the caller. */
const trailActor = (person: { id: string; name: string }) => ({ id: person.id, label: person.name });

export const peopleRoutes = [
  defineRoute({
    method: 'get',
    path: '/me',
    summary: 'The person behind the token',
    tag: 'people',
    access: ROLES,
    response: { status: 200, description: 'the caller', schema: personSchema },
    handler: async ({ person }) => ({ body: toPersonDto(person) }),
  }),
  defineRoute({
    method: 'get',
    path: '/people',
    summary: 'Everyone, by name',
    tag: 'people',
    access: PEOPLE_READERS,
    response: { status: 200, description: 'people', schema: z.object({ items: z.array(personSchema) }) },
    handler: async (_input, ctx) => ({ body: { items: (await listPeople(ctx.db)).map(toPersonDto) } }),
  }),
  defineRoute({
    method: 'get',
    path: '/people/:id',
    summary: 'One person',
    tag: 'people',
    access: PEOPLE_READERS,
    params: uuidParam,
    response: { status: 200, description: 'the person', schema: personSchema },
    failures: { 404: 'no such person' },
    handler: async ({ params }, ctx) => {
      const person = await findPersonById(ctx.db, params.id);
      if (!person) throw new AppError('not_found', `no person ${params.id}`);
      return { body: toPersonDto(person) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/people',
    summary: 'Add a person',
    tag: 'people',
    access: ['admin'],
    body: newPersonSchema,
    response: { status: 201, description: 'created', schema: personSchema },
    failures: { 409: 'the email is taken' },
    handler: async ({ body, person }, ctx) => {
      const created = await createPerson(ctx.db, body, trailActor(person), ctx.clock.now());
      return { status: 201, body: toPersonDto(created) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/people/:id/tokens',
    summary: 'Issue an API token for a person; the secret is shown once',
    tag: 'people',
    access: ['admin'],
    params: uuidParam,
    body: z.object({ label: line(100) }).strict(),
    response: {
      status: 201,
      description: 'issued',
      schema: z.object({ id: z.uuid(), token: z.string().describe('the secret, shown once') }).meta({ id: 'IssuedToken' }),
    },
    failures: { 404: 'no such person' },
    handler: async ({ params, body, person }, ctx) => {
      const token = await issueTokenFor(ctx.db, params.id, body.label, trailActor(person), ctx.clock.now());
      return { status: 201, body: { id: token.id, token: token.secret } };
    },
  }),
];
