import { organisationForNew } from '../scope';
import { z } from 'zod';
import { findPersonById, listPeople } from '../../db/repositories/people.repository';
import { AppError } from '../../domain/app-error';
import { ROLES } from '../../domain/roles';
import { createPerson, issueTokenFor } from '../../services/people.service';
import { editPerson } from '../../services/person-edit.service';
import { checkPeopleCsv, importPeople } from '../people-import';
import { tellWorkflowsOfPersonChange } from '../person-change-signals';
import { deactivateLeaver } from '../person-handover';
import { defineRoute, uuidParam } from '../route';
import { line } from '../schemas/fields';
import {
  deactivationResultSchema,
  deactivationSchema,
  newPersonSchema,
  peopleImportResultSchema,
  peopleImportSchema,
  personEditSchema,
  personSchema,
  SELF_EDITABLE,
  toPersonDto,
} from '../schemas/person.schema';

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
    scope: 'self',
    response: { status: 200, description: 'the caller', schema: personSchema },
    handler: async ({ person }) => ({ body: toPersonDto(person) }),
  }),
  defineRoute({
    method: 'get',
    path: '/people',
    summary: 'Everyone, by name',
    tag: 'people',
    access: PEOPLE_READERS,
    scope: 'organisation',
    response: { status: 200, description: 'people', schema: z.object({ items: z.array(personSchema) }) },
    handler: async ({ organisationIds }, ctx) => ({ body: { items: (await listPeople(ctx.db, organisationIds)).map(toPersonDto) } }),
  }),
  defineRoute({
    method: 'get',
    path: '/people/:id',
    summary: 'One person',
    tag: 'people',
    access: PEOPLE_READERS,
    scope: { person: 'id' },
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
    scope: 'organisation',
    body: newPersonSchema,
    response: { status: 201, description: 'created', schema: personSchema },
    failures: { 409: 'the email is taken' },
    handler: async ({ body, person, reach }, ctx) => {
      const organisationId = organisationForNew(reach, ['admin']);
      const created = await createPerson(ctx.db, { ...body, organisationId }, trailActor(person), ctx.clock.now());
      return { status: 201, body: toPersonDto(created) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/people/:id',
    summary:
      'Change a person (admin; anyone their own name and zone). A new zone, manager or department takes effect on what is planned: the next reminder at 09:00 in the new zone, the next escalation to the new manager',
    tag: 'people',
    access: ROLES,
    scope: { person: 'id' },
    params: uuidParam,
    body: personEditSchema,
    response: { status: 200, description: 'the person as they now are', schema: personSchema },
    failures: {
      403: 'not an admin, and not only their own name or zone',
      404: 'no such person',
      409: 'the email is taken, the person is deactivated, or the last admin would lose the role',
      422: 'an unknown zone, an unknown or circular manager',
    },
    handler: async ({ params, body, person }, ctx) => {
      if (!person.roles.includes('admin')) {
        const others = Object.keys(body).filter((k) => !(SELF_EDITABLE as readonly string[]).includes(k));
        if (params.id !== person.id || others.length > 0) {
          throw new AppError(
            'forbidden',
            `only an admin changes ${params.id === person.id ? others.join(', ') : 'another person'}; anyone may change their own name and time zone`,
          );
        }
      }
      const { before, after } = await editPerson(ctx.db, params.id, body, trailActor(person), ctx.clock.now());
      await tellWorkflowsOfPersonChange(ctx, before, after);
      return { body: toPersonDto(after) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/people/:id/deactivation',
    summary:
      'Deactivate a leaver: every open task of theirs goes to the named person (default: their manager) through its workflow; their tokens and feed link are revoked; their history stays. Refused whole, naming every blocked task, when a rule forbids the new owner',
    tag: 'people',
    access: ['admin'],
    scope: { person: 'id' },
    params: uuidParam,
    body: deactivationSchema,
    response: { status: 200, description: 'deactivated; the tasks handed over', schema: deactivationResultSchema },
    failures: { 404: 'no such person', 409: 'a rule refuses the new owner of a task (nothing changed), or the last admin', 422: 'no active new owner' },
    handler: async ({ params, body, person }, ctx) => {
      const result = await deactivateLeaver(ctx, person, params.id, body.newOwnerId, body.reason);
      return { body: { person: toPersonDto(result.person), newOwnerId: result.newOwnerId, handedOver: result.handedOver } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/people/import',
    summary: 'Import people from CSV: a dry run lists every problem by line; the import adds everyone in one transaction, or nobody',
    tag: 'people',
    access: ['admin'],
    scope: 'organisation',
    body: peopleImportSchema,
    response: { status: 200, description: 'checked (dry run) or imported', schema: peopleImportResultSchema },
    failures: { 422: 'the import was refused: every problem by line, nobody added' },
    handler: async ({ body, person }, ctx) => {
      const brief = (rows: { line: number; name: string; email: string }[]) => rows.map(({ line, name, email }) => ({ line, name, email }));
      if (body.dryRun) {
        const { rows, problems } = await checkPeopleCsv(ctx.db, body.csv);
        return { body: { dryRun: true, imported: false, people: brief(rows), problems } };
      }
      const rows = await importPeople(ctx.db, body.csv, trailActor(person), ctx.clock.now());
      return { body: { dryRun: false, imported: true, people: brief(rows), problems: [] } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/people/:id/tokens',
    summary: 'Issue an API token for a person; the secret is shown once',
    tag: 'people',
    access: ['admin'],
    scope: { person: 'id' },
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
