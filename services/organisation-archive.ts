import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/database';
import { listAimsOfOrganisation } from '../db/repositories/aims.repository';
import { listOrganisationRecord } from '../db/repositories/audit-trail.repository';
import { listMembershipsOfOrganisation } from '../db/repositories/memberships.repository';
import { findOrganisation } from '../db/repositories/organisations.repository';
import { AppError } from '../domain/app-error';
import { toTrailEntryDto } from './audit-trail-queries';
import { makePackageFiles, sha256Of } from './evidence-package/build-package';
import { deterministicZip, type ZipEntry } from './evidence-package/package-zip';
import type { EvidenceStore } from './evidence-store';
import { trailCsv } from './exports/audit-trail-csv';

/** Since the beginning: an archive holds each AIMS's whole period. */
const ALL_TIME = '1970-01-01';

/** A folder name for an AIMS: its name made safe, and its id's start, so two of one name stay apart. */
const folderOf = (aims: { id: string; name: string }) =>
  `aims/${
    aims.name
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'aims'
  }-${aims.id.slice(0, 8)}`;

export const PEOPLE_COLUMNS = ['Person id', 'Name', 'Email', 'Active', 'Home organisation', 'Role', 'On AIMS'] as const;

/**
 * Everything of an organisation as one ZIP (issue #14, #17 "Leaving"): for each of its AIMS the
 * evidence package as of `at` over its whole history (in `aims/<name>-<id>/`, with its manifest),
 * the organisation and its settings, its people with their memberships, and the entries of the
 * organisations' own record made by or about its people. A top-level manifest names every file
 * with its sha256. Nothing of another organisation is read: every query takes this one's id or
 * the ids of its AIMS and people.
 */
export async function buildOrganisationArchive(db: Db, store: EvidenceStore, organisationId: string, at: Date) {
  const organisation = await findOrganisation(db, organisationId);
  if (!organisation) throw new AppError('not_found', `no organisation ${organisationId}`);
  const entries: ZipEntry[] = [];
  const aimsList = await listAimsOfOrganisation(db, organisationId);
  for (const aims of aimsList) {
    const { entries: files } = await makePackageFiles(db, store, { aimsId: aims.id, kind: 'archive', asOf: at, periodStart: ALL_TIME });
    for (const f of files) entries.push({ path: `${folderOf(aims)}/${f.path}`, content: f.content });
  }
  const memberships = await listMembershipsOfOrganisation(db, organisationId);
  const aimsName = new Map(aimsList.map((a) => [a.id, a.name]));
  entries.push({
    path: 'people.csv',
    content: Buffer.from(
      stringify(
        memberships.map((m) => [
          m.id,
          m.name,
          m.email,
          m.active ? 'yes' : 'no',
          m.home_organisation_id === organisationId ? 'this' : 'another',
          m.role,
          m.aims_id ? `${aimsName.get(m.aims_id) ?? ''} (${m.aims_id})` : 'all',
        ]),
        { header: true, columns: [...PEOPLE_COLUMNS], record_delimiter: 'windows' },
      ),
      'utf8',
    ),
  });
  // The organisation's own record is its own chain, so the archive carries it whole and it verifies alone.
  entries.push({
    path: 'organisation-trail.csv',
    content: Buffer.from(trailCsv((await listOrganisationRecord(db, organisationId)).map(toTrailEntryDto)), 'utf8'),
  });
  const { created_at: createdAt, ...settings } = organisation;
  entries.push({
    path: 'organisation.json',
    content: Buffer.from(`${JSON.stringify({ ...settings, createdAt: createdAt.toISOString() }, null, 2)}\n`, 'utf8'),
  });
  const manifest = {
    organisation: { id: organisation.id, name: organisation.name },
    asOf: at.toISOString(),
    aims: aimsList.map((a) => ({ id: a.id, name: a.name, folder: folderOf(a) })),
    files: entries.map((e) => ({ path: e.path, sha256: sha256Of(e.content), size: e.content.length })).sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
  entries.push({ path: 'manifest.json', content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') });
  const zip = await deterministicZip(entries, at);
  return { zip, sha256: sha256Of(zip), manifest };
}
