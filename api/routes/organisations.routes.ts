import { z } from 'zod';
import { findOrganisation, listOrganisations } from '../../db/repositories/organisations.repository';
import { AppError } from '../../domain/app-error';
import { changeOrganisationSettings, createOrganisationWithAdmin } from '../../services/organisations.service';
import { storeSignInLink } from '../../services/sign-in-links';
import { defineRoute, uuidParam } from '../route';
import {
  createdOrganisationSchema,
  newOrganisationSchema,
  organisationSettingsInputSchema,
  organisationSettingsSchema,
  organisationSummarySchema,
  toOrganisationSettingsDto,
} from '../schemas/organisation.schema';
import { toPersonDto } from '../schemas/person.schema';

const trailActor = (person: { id: string; name: string }) => ({ id: person.id, label: person.name });

export const organisationRoutes = [
  defineRoute({
    method: 'post',
    path: '/organisations',
    summary: 'Create an organisation and its first admin, who is emailed a sign-in link (the deployment operator)',
    tag: 'organisations',
    access: 'operator',
    scope: 'operator',
    body: newOrganisationSchema,
    response: { status: 201, description: 'created', schema: createdOrganisationSchema },
    failures: { 409: "the admin's email is taken" },
    handler: async ({ body, person }, ctx) => {
      const { organisation, admin } = await createOrganisationWithAdmin(ctx.db, body, trailActor(person), ctx.clock.now());
      // The same single-use link a sign-in request sends; a relay that refuses it leaves the
      // organisation created (the admin asks for a link on the sign-in page), and says so.
      let signInLinkSent = true;
      try {
        const send = await storeSignInLink({ db: ctx.db, mailer: ctx.mailer, config: ctx.config, now: () => ctx.clock.now() }, admin, null);
        await send();
      } catch (error) {
        ctx.log.error({ err: error, personId: admin.id }, 'the first admin’s sign-in email could not be sent');
        signInLinkSent = false;
      }
      return { status: 201, body: { id: organisation.id, name: organisation.name, admin: toPersonDto(admin), signInLinkSent } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/organisations',
    summary: 'Every organisation of the deployment, by name and id only (the deployment operator)',
    tag: 'organisations',
    access: 'operator',
    scope: 'operator',
    response: { status: 200, description: 'organisations', schema: z.object({ items: z.array(organisationSummarySchema) }) },
    handler: async (_input, ctx) => ({ body: { items: (await listOrganisations(ctx.db)).map((o) => ({ id: o.id, name: o.name })) } }),
  }),
  defineRoute({
    method: 'get',
    path: '/organisations/:id/settings',
    // Programme managers of the whole organisation read them too: a new AIMS they set up starts with its defaults.
    summary: "An organisation's settings: its emails' sender name and reply-to, and what a new AIMS starts with (its admins and programme managers)",
    tag: 'organisations',
    access: ['admin', 'programme_manager'],
    scope: { organisation: 'id' },
    params: uuidParam,
    response: { status: 200, description: 'the settings', schema: organisationSettingsSchema },
    failures: { 404: 'no such organisation' },
    handler: async ({ params }, ctx) => {
      const organisation = await findOrganisation(ctx.db, params.id);
      if (!organisation) throw new AppError('not_found', `no organisation ${params.id}`);
      return { body: toOrganisationSettingsDto(organisation) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/organisations/:id/settings',
    summary: "Replace an organisation's settings (organisation admins); AIMS already set up keep theirs",
    tag: 'organisations',
    access: ['admin'],
    scope: { organisation: 'id' },
    params: uuidParam,
    body: organisationSettingsInputSchema,
    response: { status: 200, description: 'the settings as they now are', schema: organisationSettingsSchema },
    failures: { 404: 'no such organisation' },
    handler: async ({ params, body, person }, ctx) => ({
      body: toOrganisationSettingsDto(await changeOrganisationSettings(ctx.db, params.id, body, trailActor(person), ctx.clock.now())),
    }),
  }),
];
