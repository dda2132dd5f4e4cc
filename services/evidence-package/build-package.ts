import { createHash } from 'node:crypto';
import { localDateOf } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import { findAimsById } from '../../db/repositories/aims.repository';
import { chainHeadAsOf } from '../../db/repositories/audit-trail.repository';
import { listAuditRows } from '../../db/repositories/audit.repository';
import { listEvidenceUpTo } from '../../db/repositories/evidence.repository';
import { findPersonNames } from '../../db/repositories/people.repository';
import { listReviewsOfAimsForPackage } from '../../db/repositories/review.repository';
import { AppError } from '../../domain/app-error';
import type { PackageKind } from '../../domain/evidence-package';
import { findAuditDetail } from '../audit-queries';
import { allTrailEntries } from '../audit-trail-queries';
import type { EvidenceStore } from '../evidence-store';
import { auditProgrammePdf } from '../exports/audit-programme-pdf';
import { auditReportPdf } from '../exports/audit-report-pdf';
import { trailCsv } from '../exports/audit-trail-csv';
import { reviewMinutesPdf, reviewPackPdf } from '../exports/review-pdf';
import { soaPdf, soaXlsx } from '../exports/soa-export';
import { reproducibleXlsx } from './reproducible-xlsx';
import type { ReviewPack } from '../review-pack';
import { findReviewDetail } from '../review-queries';
import { deterministicZip, type ZipEntry } from './package-zip';
import { registerAsOf, registerAsOfCsv } from './register-as-of';
import { soaAsOf } from './soa-as-of';

export interface PackageRequest {
  aimsId: string;
  /** The audit it is for; `archive` for an AIMS in its organisation's archive. */
  kind: PackageKind | 'archive';
  /** The instant the package is frozen at: nothing recorded after it is in it. */
  asOf: Date;
  /** The first day of the period whose audits, reviews and trail entries it holds. */
  periodStart: string;
}

export interface ManifestFile {
  path: string;
  what: string;
  sha256: string;
  size: number;
}

export interface Manifest {
  aims: { id: string; name: string };
  kind: PackageKind | 'archive';
  asOf: string;
  period: { start: string; end: string };
  chainHead: { entryId: string; seq: number; hash: string } | null;
  files: ManifestFile[];
}

/** One file of the package, made when its turn comes (so progress can be told file by file). */
interface PlannedFile {
  path: string;
  what: string;
  make: () => Promise<Buffer>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A name safe as one ZIP path segment: no separators, no control characters, no leading dots. */
const safeName = (name: string) =>
  name
    .replace(/[\\/\p{Cc}]/gu, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120) || 'file';

/**
 * The audit evidence package of an AIMS (issue #14): the files and what they are, frozen as of an
 * instant. Everything is read as of `asOf` (the SoA and register rebuilt from the trail; audits
 * reported, reviews met and minutes approved by then; evidence uploaded by then; trail entries
 * made by then), every PDF is dated `asOf`, and the ZIP is deterministic: the same record gives
 * the same bytes, and what is recorded later changes nothing.
 */
export async function planPackage(
  db: Db,
  store: EvidenceStore,
  request: PackageRequest,
): Promise<{ files: PlannedFile[]; manifestBase: Omit<Manifest, 'files'> }> {
  const { aimsId, asOf, periodStart } = request;
  const aims = await findAimsById(db, aimsId);
  if (!aims) throw new AppError('not_found', `no AIMS ${aimsId}`);
  const periodEnd = localDateOf(asOf, aims.time_zone);
  const upTo = new Date(asOf.getTime() + 1);
  const files: PlannedFile[] = [];

  files.push({
    path: 'soa.pdf',
    what: 'Statement of Applicability as of the date',
    make: async () => soaPdf(await soaAsOf(db, aimsId, asOf), aims.name, asOf),
  });
  files.push({
    path: 'soa.xlsx',
    what: 'Statement of Applicability as of the date, as a workbook',
    make: async () => reproducibleXlsx(await soaXlsx(await soaAsOf(db, aimsId, asOf), asOf), asOf),
  });

  const audits = (await listAuditRows(db, aimsId)).filter((a) => a.created_at <= asOf && a.fieldwork_start >= periodStart && a.fieldwork_start <= periodEnd);
  const reported = audits.filter((a) => a.reported_at !== null && a.reported_at <= asOf);
  files.push({
    path: 'audit-programme.pdf',
    what: 'internal audits of the period with their state as of the date',
    make: () =>
      auditProgrammePdf(
        audits.map((a) => ({
          reference: `IA-${a.number}`,
          fieldworkStart: a.fieldwork_start,
          fieldworkEnd: a.fieldwork_end,
          state: a.reported_at !== null && a.reported_at <= asOf ? `reported ${a.reported_at.toISOString().slice(0, 10)}` : 'not reported by the date',
          scope: a.scope,
        })),
        { start: periodStart, end: periodEnd },
        aims.name,
        asOf,
      ),
  });
  for (const a of reported) {
    files.push({
      path: `internal-audits/IA-${a.number}-report.pdf`,
      what: `internal audit report IA-${a.number}`,
      make: async () => {
        const detail = (await findAuditDetail(db, asOf, a.id))!;
        const ids = [...new Set([detail.leadAuditorId, ...detail.auditeeIds].filter((id): id is string => id !== null))];
        const names = new Map((ids.length ? await findPersonNames(db, ids) : []).map((p) => [p.id, p.name]));
        return auditReportPdf(detail, names, aims.name, asOf);
      },
    });
  }

  const reviews = (await listReviewsOfAimsForPackage(db, aimsId)).filter((r) => r.meeting_date >= periodStart && r.meeting_at <= asOf);
  const reviewRefs: { id: string; reference: string }[] = [];
  for (const r of reviews) {
    const detail = (await findReviewDetail(db, asOf, r.id))!;
    reviewRefs.push({ id: r.id, reference: detail.reference });
    // The pack stored when the meeting started, never a pack compiled from today's record.
    if (r.pack !== null) {
      files.push({
        path: `management-reviews/${detail.reference}-pack.pdf`,
        what: `management review pack ${detail.reference}, as stored at the meeting`,
        make: () => reviewPackPdf(r.pack as ReviewPack, aims.name, asOf),
      });
    }
    if (r.minutes !== null && r.approved_at !== null && r.approved_at <= asOf) {
      files.push({
        path: `management-reviews/${detail.reference}-minutes.pdf`,
        what: `approved minutes of management review ${detail.reference}`,
        make: async () => {
          const ids = [...new Set([detail.chairId, ...detail.attendeeIds])];
          const names = new Map((await findPersonNames(db, ids)).map((p) => [p.id, p.name]));
          return reviewMinutesPdf(detail, names, aims.name, asOf);
        },
      });
    }
  }

  const register = await registerAsOf(db, aimsId, asOf);
  files.push({
    path: 'nc-register.csv',
    what: 'nonconformity register with each case status as of the date',
    make: async () => Buffer.from(registerAsOfCsv(register), 'utf8'),
  });
  // Evidence files go beside the item the package lists: each case of the register, each audit
  // and review of the period, the certification record. Files of items it does not list (AI
  // systems, suppliers, documents) are not in it.
  const folderOf = new Map<string, { folder: string; ref: string }>([
    ...register.map((c) => [`nc_case:${c.id}`, { folder: `nc-register/${c.reference}`, ref: c.reference }] as const),
    ...audits.map((a) => [`audit:${a.id}`, { folder: `internal-audits/IA-${a.number}`, ref: `IA-${a.number}` }] as const),
    ...reviewRefs.map((r) => [`review:${r.id}`, { folder: `management-reviews/${r.reference}`, ref: r.reference }] as const),
    [`certification:${aimsId}`, { folder: 'certification-record', ref: 'the certification' }],
  ]);
  for (const e of await listEvidenceUpTo(db, aimsId, asOf)) {
    const item = folderOf.get(`${e.item_type}:${e.item_id}`);
    if (!item) continue;
    files.push({
      path: `${item.folder}/${e.uploaded_at.toISOString().slice(0, 10)}-${e.id.slice(0, 8)}-${safeName(e.filename)}`,
      what: `evidence of ${item.ref}${e.step ? ` (${e.step})` : ''}, uploaded ${e.uploaded_at.toISOString()}, sha256 ${e.sha256}`,
      make: async () => {
        const content = await store.read(db, e);
        if (!content) throw new AppError('not_found', `the content of evidence file ${e.id} is missing`);
        // What goes to the auditor is what was uploaded: bytes changed in the store are refused, not packed.
        if (sha256(content) !== e.sha256) throw new AppError('conflict', `the content of evidence file ${e.id} no longer has its recorded sha256`);
        return content;
      },
    });
  }

  files.push({
    path: 'certification-record.csv',
    what: 'certification record: every entry of the certification up to the date',
    make: async () => Buffer.from(trailCsv(await allTrailEntries(db, aimsId, { entityType: 'certification', to: upTo })), 'utf8'),
  });
  files.push({
    path: 'audit-trail.csv',
    what: 'audit-trail extract: every entry of the period up to the date, in chain order',
    make: async () => Buffer.from(trailCsv(await allTrailEntries(db, aimsId, { from: new Date(`${periodStart}T00:00:00Z`), to: upTo })), 'utf8'),
  });

  const head = await chainHeadAsOf(db, aimsId, asOf);
  return {
    files,
    manifestBase: {
      aims: { id: aimsId, name: aims.name },
      kind: request.kind,
      asOf: asOf.toISOString(),
      period: { start: periodStart, end: periodEnd },
      chainHead: head ? { entryId: head.id, seq: Number(head.chain_seq), hash: head.hash } : null,
    },
  };
}

/**
 * Makes every planned file in turn (telling progress after each) and the manifest: the package's
 * entries, each under `prefix` (the organisation archive puts each AIMS's package in a folder).
 */
export async function makePackageFiles(
  db: Db,
  store: EvidenceStore,
  request: PackageRequest,
  progress: (done: number, total: number) => Promise<void> = async () => {},
): Promise<{ entries: ZipEntry[]; manifest: Manifest }> {
  const { files, manifestBase } = await planPackage(db, store, request);
  const entries: ZipEntry[] = [];
  const listed: ManifestFile[] = [];
  await progress(0, files.length);
  for (const file of files) {
    const content = await file.make();
    entries.push({ path: file.path, content });
    listed.push({ path: file.path, what: file.what, sha256: sha256(content), size: content.length });
    await progress(entries.length, files.length);
  }
  const manifest: Manifest = { ...manifestBase, files: listed.sort((a, b) => (a.path < b.path ? -1 : 1)) };
  entries.push({ path: 'manifest.json', content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') });
  return { entries, manifest };
}

/** The package as one deterministic ZIP, with its sha256. */
export async function buildPackage(
  db: Db,
  store: EvidenceStore,
  request: PackageRequest,
  progress?: (done: number, total: number) => Promise<void>,
): Promise<{ zip: Buffer; sha256: string; manifest: Manifest }> {
  const { entries, manifest } = await makePackageFiles(db, store, request, progress);
  const zip = await deterministicZip(entries, request.asOf);
  return { zip, sha256: sha256(zip), manifest };
}

export { sha256 as sha256Of };
