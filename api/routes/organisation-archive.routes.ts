import { z } from 'zod';
import { recordChange } from '../../db/repositories/audit-trail.repository';
import { AppError } from '../../domain/app-error';
import { buildOrganisationArchive } from '../../services/organisation-archive';
import { defineRoute, uuidParam } from '../route';

export const organisationArchiveRoutes = [
  // A read, not a command with a build workflow like the evidence package: an organisation asks
  // for it once, when it leaves, and wants it then; it is made from the record as it is now.
  defineRoute({
    method: 'get',
    path: '/organisations/:id/archive.zip',
    summary:
      "Everything of an organisation as one ZIP (its admins): each AIMS's evidence package over its whole history, its people and memberships, its own record; a manifest with every file's sha256",
    tag: 'organisations',
    access: ['admin'],
    scope: 'organisation',
    params: uuidParam,
    response: { status: 200, description: 'the ZIP', schema: z.string().meta({ format: 'binary' }), contentType: 'application/zip' },
    failures: { 404: 'no such organisation, or not an admin of it' },
    handler: async ({ params, person, reach, res }, ctx) => {
      // Only an organisation-wide admin of this organisation; anyone else is answered as for an unknown one.
      if (!reach.wideRolesIn(params.id).includes('admin')) throw new AppError('not_found', `no organisation ${params.id}`);
      const at = ctx.clock.now();
      const archive = await buildOrganisationArchive(ctx.db, ctx.evidenceStore, params.id, at);
      // Handing over every person's details is itself recorded, in the organisations' own record.
      await ctx.db.transaction().execute((trx) =>
        recordChange(trx, {
          aimsId: null,
          actor: { id: person.id, label: person.name },
          at,
          entityType: 'organisation',
          entityId: params.id,
          action: 'archive_downloaded',
          before: null,
          after: { sha256: archive.sha256, size: archive.zip.length, asOf: at.toISOString(), aims: archive.manifest.aims.length },
        }),
      );
      res.attachment(`organisation-archive-${at.toISOString().slice(0, 10)}.zip`);
      res.set('repr-digest', `sha-256=:${Buffer.from(archive.sha256, 'hex').toString('base64')}:`);
      res.status(200).type('application/zip').send(archive.zip);
    },
  }),
];
