import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { findCaseForCommand, listActionsOfCase } from '../../db/repositories/case.repository';
import { findEvidenceFile, listEvidenceOfItem } from '../../db/repositories/evidence.repository';
import { AppError } from '../../domain/app-error';
import { CASE_EVIDENCE_STEP } from '../../domain/evidence';
import { ROLES, type Role } from '../../domain/roles';
import { findDocumentForCommand } from '../../services/document-queries';
import { storeEvidence } from '../../services/evidence-files';
import type { ApiContext } from '../api-context';
import { readUpload } from '../evidence-upload';
import { defineRoute, uuidParam } from '../route';
import { evidenceFileSchema, evidenceListSchema, toEvidenceDto } from '../schemas/evidence.schema';
import { CASE_READERS } from './cases.routes';

/** Who reads each kind of item, and so downloads its evidence: the item's own read route's roles. */
const READERS_OF: Record<string, readonly Role[]> = { nc_case: CASE_READERS, document: ROLES };
/** Who may add evidence to a case: anyone who works on one (admins manage people, not cases). */
const CASE_UPLOADERS: readonly Role[] = ['programme_manager', 'auditor', 'action_owner', 'management'];

async function caseOr404(ctx: ApiContext, caseId: string) {
  const found = await findCaseForCommand(ctx.db, caseId);
  if (!found) throw new AppError('not_found', `no case ${caseId}`);
  return found;
}

/** `action:<id>` must name an action of this case; the other steps are fixed names. */
async function checkedCaseStep(ctx: ApiContext, caseId: string, raw: string | undefined): Promise<string | null> {
  if (raw === undefined || raw === '') return null;
  const bad = (reason: string) => new AppError('validation_failed', `body.step: ${reason}`, [{ field: 'body.step', reason }]);
  if (!CASE_EVIDENCE_STEP.test(raw)) throw bad('must be containment, effectiveness or action:<action id>');
  if (raw.startsWith('action:')) {
    const actionId = raw.slice('action:'.length).toLowerCase();
    const actions = await listActionsOfCase(ctx.db, caseId);
    if (!actions.some((a) => a.id === actionId)) throw bad(`no such action ${actionId} in this case`);
    return `action:${actionId}`;
  }
  return raw;
}

/**
 * A document's files are its versions to be: its owner or a programme manager uploads them (who
 * submits versions, as the workflow's rule says), while it is not retired.
 */
async function documentForUpload(ctx: ApiContext, documentId: string, person: { id: string; roles: readonly Role[] }) {
  const found = await findDocumentForCommand(ctx.db, documentId);
  if (!found) throw new AppError('not_found', `no document ${documentId}`);
  if (found.status === 'retired') throw new AppError('conflict', `the document ${documentId} is retired: its versions are kept, nothing changes any more`);
  if (found.ownerId !== person.id && !person.roles.includes('programme_manager')) {
    throw new AppError('forbidden', "only the document's owner or a programme manager adds files for its versions");
  }
  return found;
}

export const evidenceRoutes = [
  defineRoute({
    method: 'post',
    path: '/cases/:id/evidence',
    summary:
      'Upload an evidence file for a case (multipart/form-data: the file in "file", optionally "step": containment, effectiveness or action:<id>). ' +
      'Its media type is sniffed from the bytes; empty files, types not accepted (415) and files over EVIDENCE_MAX_BYTES (413) are refused and nothing is stored',
    tag: 'evidence',
    access: CASE_UPLOADERS,
    scope: { item: 'case' },
    params: uuidParam,
    response: { status: 201, description: 'stored, with its sha256', schema: evidenceFileSchema },
    failures: { 404: 'no such case', 413: 'larger than EVIDENCE_MAX_BYTES', 415: 'not multipart, or a media type not accepted' },
    handler: async ({ params, req, person }, ctx) => {
      const found = await caseOr404(ctx, params.id);
      const upload = await readUpload(req, ctx.config.evidence.maxBytes);
      const step = await checkedCaseStep(ctx, found.id, upload.fields.step);
      const row = await storeEvidence(
        ctx.db,
        ctx.evidenceStore,
        { aimsId: found.aims_id, itemType: 'nc_case', itemId: found.id, step, filename: upload.filename, content: upload.content },
        person,
        ctx.clock.now(),
      );
      return { status: 201, body: toEvidenceDto(row) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/cases/:id/evidence',
    summary: "A case's evidence files, oldest first",
    tag: 'evidence',
    access: CASE_READERS,
    scope: { item: 'case' },
    params: uuidParam,
    response: { status: 200, description: 'the files', schema: evidenceListSchema },
    failures: { 404: 'no such case' },
    handler: async ({ params }, ctx) => {
      await caseOr404(ctx, params.id);
      return { body: { items: (await listEvidenceOfItem(ctx.db, 'nc_case', params.id)).map(toEvidenceDto) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/documents/:id/files',
    summary:
      'Upload the file of a new version of a document (multipart/form-data: the file in "file"), then submit the version with its fileId. ' +
      'Stored like any evidence file: sniffed media type, sha256; empty files, types not accepted (415) and files over EVIDENCE_MAX_BYTES (413) are refused and nothing is stored',
    tag: 'documents',
    access: ROLES,
    scope: { item: 'document' },
    params: uuidParam,
    response: { status: 201, description: 'stored, with its sha256', schema: evidenceFileSchema },
    failures: {
      403: "not the document's owner or a programme manager",
      404: 'no such document',
      409: 'the document is retired',
      413: 'larger than EVIDENCE_MAX_BYTES',
      415: 'not multipart, or a media type not accepted',
    },
    handler: async ({ params, req, person }, ctx) => {
      const found = await documentForUpload(ctx, params.id, person);
      const upload = await readUpload(req, ctx.config.evidence.maxBytes);
      const row = await storeEvidence(
        ctx.db,
        ctx.evidenceStore,
        { aimsId: found.aimsId, itemType: 'document', itemId: found.id, step: null, filename: upload.filename, content: upload.content },
        person,
        ctx.clock.now(),
      );
      return { status: 201, body: toEvidenceDto(row) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/documents/:id/files',
    summary: "A document's stored files (its versions' files and any uploaded for a version to come), oldest first",
    tag: 'documents',
    access: ROLES,
    scope: { item: 'document' },
    params: uuidParam,
    response: { status: 200, description: 'the files', schema: evidenceListSchema },
    failures: { 404: 'no such document' },
    handler: async ({ params }, ctx) => {
      if (!(await findDocumentForCommand(ctx.db, params.id))) throw new AppError('not_found', `no document ${params.id}`);
      return { body: { items: (await listEvidenceOfItem(ctx.db, 'document', params.id)).map(toEvidenceDto) } };
    },
  }),
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
