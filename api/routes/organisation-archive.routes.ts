import type { Response } from 'express';
import { z } from 'zod';
import { recordChange } from '../../db/repositories/audit-trail.repository';
import { findDeletion } from '../../db/repositories/organisation-deletions.repository';
import { findOrganisation } from '../../db/repositories/organisations.repository';
import type { Person } from '../../db/tables/people.table';
import { AppError } from '../../domain/app-error';
import { buildOrganisationArchive } from '../../services/organisation-archive';
import type { ApiContext } from '../api-context';
import { defineRoute, uuidParam } from '../route';

const zipAnswer = { status: 200, description: 'the ZIP', schema: z.string().meta({ format: 'binary' }), contentType: 'application/zip' };

/**
 * Builds the archive, records who took it with its sha256 in the organisation's own record (the
 * entry a deletion is later checked against), and sends it with that sha256 as `Repr-Digest`.
 */
async function sendArchive(ctx: ApiContext, organisationId: string, person: Person, res: Response): Promise<void> {
  const at = ctx.clock.now();
  const archive = await buildOrganisationArchive(ctx.db, ctx.evidenceStore, organisationId, at);
  // Handing over every person's details is itself recorded, in the organisation's own record.
  await ctx.db.transaction().execute((trx) =>
    recordChange(trx, {
      aimsId: null,
      organisationId,
      actor: { id: person.id, label: person.name },
      at,
      entityType: 'organisation',
      entityId: organisationId,
      action: 'archive_downloaded',
      before: null,
      after: { sha256: archive.sha256, size: archive.zip.length, asOf: at.toISOString(), aims: archive.manifest.aims.length },
    }),
  );
  res.attachment(`organisation-archive-${at.toISOString().slice(0, 10)}.zip`);
  res.set('repr-digest', `sha-256=:${Buffer.from(archive.sha256, 'hex').toString('base64')}:`);
  res.status(200).type('application/zip').send(archive.zip);
}

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
    response: zipAnswer,
    failures: { 404: 'no such organisation, or not an admin of it' },
    handler: async ({ params, person, reach, res }, ctx) => {
      // Only an organisation-wide admin of this organisation; anyone else is answered as for an unknown one.
      if (!reach.wideRolesIn(params.id).includes('admin')) throw new AppError('not_found', `no organisation ${params.id}`);
      await sendArchive(ctx, params.id, person, res);
    },
  }),
  // The operator's half of "export then delete": the same archive for an organisation the
  // operator is no member of (a customer who left cannot be asked to download it), recorded the
  // same way, so the deletion can check that the operator holds the latest one.
  defineRoute({
    method: 'get',
    path: '/organisations/:id/export.zip',
    summary: "The organisation's archive for the deployment operator, before its deletion (the same ZIP as its admins' archive.zip; the download is recorded)",
    tag: 'organisations',
    access: 'operator',
    scope: 'operator',
    params: uuidParam,
    response: zipAnswer,
    failures: { 404: 'no such organisation', 409: 'the organisation is being deleted' },
    handler: async ({ params, person, res }, ctx) => {
      if (!(await findOrganisation(ctx.db, params.id))) throw new AppError('not_found', `no organisation ${params.id}`);
      if (await findDeletion(ctx.db, params.id)) throw new AppError('conflict', `organisation ${params.id} is being deleted`);
      await sendArchive(ctx, params.id, person, res);
    },
  }),
];
