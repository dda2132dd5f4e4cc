import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { Audience, DocumentFacts, DocumentState } from '../../domain/document';

// The document workflow's contract, imported by the API.

export type DocumentInput =
  { kind: 'new'; document: { id: string; aimsId: string; facts: DocumentFacts }; actor: Actor } | { kind: 'continued'; state: DocumentState; seq: number };

/** A version submitted for approval: a link, or a file stored for the document (`fileId`), exactly one. */
export interface NewVersion {
  link: string | null;
  fileId?: string | null;
  changeSummary: string;
  toBeAcknowledged: boolean;
  audience: Audience;
}

export const documentRecordedUpdate = defineUpdate<void>('documentRecorded');
export const updateDocumentUpdate = defineUpdate<void, [Actor, Partial<DocumentFacts>]>('updateDocument');
export const submitVersionUpdate = defineUpdate<{ versionId: string }, [Actor, NewVersion]>('submitDocumentVersion');
export const approveVersionUpdate = defineUpdate<void, [Actor, Record<string, never>]>('approveDocumentVersion');
export const rejectVersionUpdate = defineUpdate<void, [Actor, { reason: string }]>('rejectDocumentVersion');
export const acknowledgeVersionUpdate = defineUpdate<void, [Actor, Record<string, never>]>('acknowledgeDocumentVersion');
export const retireDocumentUpdate = defineUpdate<void, [Actor, { reason: string }]>('retireDocument');
export const documentStateQuery = defineQuery<DocumentState>('documentState');
