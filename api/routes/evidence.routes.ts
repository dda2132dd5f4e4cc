import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { findAiSystemRow } from '../../db/repositories/ai-system.repository';
import { findAuditWithProgrammeManager } from '../../db/repositories/audit.repository';
import { findCaseForCommand, listActionsOfCase } from '../../db/repositories/case.repository';
import { findCertificationRow } from '../../db/repositories/certification.repository';
import { findEvidenceFile } from '../../db/repositories/evidence.repository';
import { findReviewForPack } from '../../db/repositories/review.repository';
import { findSupplierRow } from '../../db/repositories/supplier.repository';
import { AppError } from '../../domain/app-error';
import { CASE_EVIDENCE_STEP } from '../../domain/evidence';
import { CERTIFICATION_AUDITS } from '../../domain/external-auditor';
import { REVIEW_INPUT_IDS } from '../../domain/review';
import { ROLES, type Role } from '../../domain/roles';
import { findDocumentForCommand } from '../../services/document-queries';
import { badStep, evidenceItem, evidenceRoutesOf, oneOf } from '../evidence-routes-of';
import { defineRoute, uuidParam } from '../route';
import { CASE_READERS } from './cases.routes';

/** Who adds evidence to the items people work on: anyone who works on them (admins manage people, not items). */
const WORKERS: readonly Role[] = ['programme_manager', 'auditor', 'action_owner', 'management'];

const retired = (noun: string, id: string) => new AppError('conflict', `the ${noun} ${id} is retired: its record is kept, nothing changes any more`);

/** A case's evidence, for a step of it or the case as a whole. */
const CASE = evidenceItem({
  itemType: 'nc_case',
  scope: 'case',
  path: '/cases/:id',
  noun: 'case',
  tag: 'evidence',
  uploaders: WORKERS,
  readers: CASE_READERS,
  steps: 'containment, effectiveness or action:<id>',
  find: async (ctx, id) => {
    const found = await findCaseForCommand(ctx.db, id);
    return found && { aimsId: found.aims_id, itemId: found.id };
  },
  exists: async (ctx, id) => (await findCaseForCommand(ctx.db, id)) !== undefined,
  // `action:<id>` must name an action of this case; the other steps are fixed names.
  step: async (ctx, target, raw) => {
    if (!CASE_EVIDENCE_STEP.test(raw)) throw badStep('must be containment, effectiveness or action:<action id>');
    if (!raw.startsWith('action:')) return raw;
    const actionId = raw.slice('action:'.length).toLowerCase();
    const actions = await listActionsOfCase(ctx.db, target.itemId);
    if (!actions.some((a) => a.id === actionId)) throw badStep(`no such action ${actionId} in this case`);
    return `action:${actionId}`;
  },
});

/** A document's version files. */
const DOCUMENT = evidenceItem({
  // A document's files are its versions to be: its owner or a programme manager uploads them
  // (who submits versions, as the workflow's rule says), while it is not retired.
  itemType: 'document',
  scope: 'document',
  path: '/documents/:id',
  segment: 'files',
  noun: 'document',
  tag: 'documents',
  uploaders: ROLES,
  readers: ROLES,
  uploadSummary:
    'Upload the file of a new version of a document (multipart/form-data: the file in "file"), then submit the version with its fileId. ' +
    'Stored like any evidence file: sniffed media type, sha256; empty files, types not accepted (415) and files over EVIDENCE_MAX_BYTES (413) are refused and nothing is stored',
  uploadFailures: { 403: "not the document's owner or a programme manager", 409: 'the document is retired' },
  find: async (ctx, id, person) => {
    const found = await findDocumentForCommand(ctx.db, id);
    if (!found) return undefined;
    if (found.status === 'retired') throw new AppError('conflict', `the document ${id} is retired: its versions are kept, nothing changes any more`);
    if (found.ownerId !== person.id && !person.roles.includes('programme_manager')) {
      throw new AppError('forbidden', "only the document's owner or a programme manager adds files for its versions");
    }
    return { aimsId: found.aimsId, itemId: found.id };
  },
  exists: async (ctx, id) => (await findDocumentForCommand(ctx.db, id)) !== undefined,
});

/** An internal audit's evidence, for a checklist result (a clause or control of its scope) or the audit as a whole. */
const AUDIT = evidenceItem({
  itemType: 'audit',
  scope: 'audit',
  path: '/audits/:id',
  noun: 'internal audit',
  tag: 'evidence',
  uploaders: ['programme_manager', 'auditor'],
  readers: ROLES,
  steps: 'result:<clause or control of its scope>',
  find: async (ctx, id) => {
    const found = await findAuditWithProgrammeManager(ctx.db, id);
    return found && { aimsId: found.aims_id, itemId: found.id };
  },
  exists: async (ctx, id) => (await findAuditWithProgrammeManager(ctx.db, id)) !== undefined,
  // A checklist result's evidence names the clause or control it is about, one of the audit's scope.
  step: async (ctx, target, raw) => {
    const scope = (await findAuditWithProgrammeManager(ctx.db, target.itemId))?.scope ?? [];
    const itemId = /^result:(.+)$/.exec(raw)?.[1];
    if (!itemId || !scope.includes(itemId)) throw badStep(`must be result:<item> for an item of the audit's scope (${scope.join(', ')})`);
    return raw;
  },
});

/** A management review's evidence: for a 9.3.2 input, the minutes, or the review as a whole. */
const REVIEW = evidenceItem({
  itemType: 'review',
  scope: 'review',
  path: '/reviews/:id',
  noun: 'management review',
  tag: 'evidence',
  uploaders: WORKERS,
  readers: ROLES,
  steps: 'input:a … input:e (the 9.3.2 inputs) or minutes',
  find: async (ctx, id) => {
    const found = await findReviewForPack(ctx.db, id);
    return found && { aimsId: found.aims_id, itemId: found.id };
  },
  exists: async (ctx, id) => (await findReviewForPack(ctx.db, id)) !== undefined,
  step: oneOf([...REVIEW_INPUT_IDS.map((i) => `input:${i}`), 'minutes']),
});

/** The certification's evidence: an external audit's outcome (report, certificate), by the audit it is for. */
const CERTIFICATION = evidenceItem({
  // The certification is one per AIMS: its files are kept under the AIMS's id, each for the
  // external audit whose outcome it evidences.
  itemType: 'certification',
  scope: 'aims',
  path: '/aims/:id/certification',
  noun: 'certification',
  tag: 'evidence',
  uploaders: ['programme_manager'],
  readers: ROLES,
  steps: CERTIFICATION_AUDITS.join(', '),
  find: async (ctx, id) => {
    const found = await findCertificationRow(ctx.db, id);
    return found && { aimsId: found.aims_id, itemId: found.aims_id };
  },
  exists: async (ctx, id) => (await findCertificationRow(ctx.db, id)) !== undefined,
  step: oneOf(CERTIFICATION_AUDITS),
});

/** An AI system's evidence: for its risk or impact assessment, or the system as a whole. */
const AI_SYSTEM = evidenceItem({
  itemType: 'ai_system',
  scope: 'ai-system',
  path: '/ai-systems/:id',
  noun: 'AI system',
  tag: 'evidence',
  uploaders: WORKERS,
  readers: ROLES,
  steps: 'risk or impact (the assessment it supports)',
  uploadFailures: { 409: 'the AI system is retired' },
  find: async (ctx, id) => {
    const found = await findAiSystemRow(ctx.db, id);
    if (found?.status === 'retired') throw retired('AI system', id);
    return found && { aimsId: found.aims_id, itemId: found.id };
  },
  exists: async (ctx, id) => (await findAiSystemRow(ctx.db, id)) !== undefined,
  step: oneOf(['risk', 'impact']),
});

/** A supplier's evidence: for its periodic review, or the supplier as a whole. */
const SUPPLIER = evidenceItem({
  itemType: 'supplier',
  scope: 'supplier',
  path: '/suppliers/:id',
  noun: 'supplier',
  tag: 'evidence',
  uploaders: WORKERS,
  readers: ROLES,
  steps: 'review (its periodic review)',
  uploadFailures: { 409: 'the supplier is retired' },
  find: async (ctx, id) => {
    const found = await findSupplierRow(ctx.db, id);
    if (found?.status === 'retired') throw retired('supplier', id);
    return found && { aimsId: found.aims_id, itemId: found.id };
  },
  exists: async (ctx, id) => (await findSupplierRow(ctx.db, id)) !== undefined,
  step: oneOf(['review']),
});

/** Who reads each kind of item, and so downloads its evidence: the item's own read route's roles. */
const READERS_OF: Record<string, readonly Role[]> = Object.fromEntries(
  [CASE, DOCUMENT, AUDIT, REVIEW, CERTIFICATION, AI_SYSTEM, SUPPLIER].map((i) => [i.itemType, i.readers]),
);

export const evidenceRoutes = [
  ...evidenceRoutesOf(CASE),
  ...evidenceRoutesOf(DOCUMENT),
  ...evidenceRoutesOf(AUDIT),
  ...evidenceRoutesOf(REVIEW),
  ...evidenceRoutesOf(CERTIFICATION),
  ...evidenceRoutesOf(AI_SYSTEM),
  ...evidenceRoutesOf(SUPPLIER),
  defineRoute({
    method: 'get',
    path: '/evidence/:id',
    summary: "Download an evidence file, as its item's readers may; Repr-Digest carries its sha256",
    tag: 'evidence',
    access: [...new Set(Object.values(READERS_OF).flat())],
    // Placed on the file's AIMS: a file of another organisation or AIMS is the same 404 as an unknown one.
    scope: { item: 'evidence' },
    params: uuidParam,
    response: {
      status: 200,
      description: 'the file as uploaded, with its sniffed media type',
      schema: z.string().meta({ format: 'binary' }),
      contentType: 'application/octet-stream',
    },
    failures: { 404: 'no such file' },
    handler: async ({ params, person, res, externalAudit }, ctx) => {
      const file = await findEvidenceFile(ctx.db, params.id);
      if (!file) throw new AppError('not_found', `no evidence file ${params.id}`);
      const readers = READERS_OF[file.item_type] ?? [];
      // An external auditor reads every item of the AIMS granted (the scope placed the call there).
      if (!externalAudit && !person.roles.some((r) => readers.includes(r))) throw new AppError('forbidden', `your roles do not read this ${file.item_type}`);
      const content = await ctx.evidenceStore.open(ctx.db, file);
      if (!content) throw new AppError('internal', `evidence file ${file.id} has no content in its ${file.store} store`);
      res.attachment(file.filename);
      res.set('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
      res.set('X-Content-Type-Options', 'nosniff');
      res.set('Content-Length', String(file.size_bytes));
      res.status(200).type(file.media_type);
      // Streamed from the store as it arrives. Once the first byte is out no problem+json can
      // follow: a store failing half way ends the connection, and the client sees a short body.
      await pipeline(content, res).catch((error: unknown) => ctx.log.warn({ err: error, fileId: file.id }, 'an evidence download broke off'));
    },
  }),
];
