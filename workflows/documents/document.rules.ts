import type { Actor } from '../../domain/actor';
import { acknowledgeStep, approveVersionStep, approvedVersion, versionInReview, type DocumentState, type DocumentVersion } from '../../domain/document';
import type { TaskState } from '../../domain/task';
import { conflict, forbidden } from '../lib/failures';
import { registerEntryRules } from '../lib/register-entry-rules';

// Pure rules of the document workflow: each check names the reason a command is refused.

/** Register facts and new versions: the document's owner or a programme manager; retirement: a programme manager. */
export const { assertActive, checkOwnerOrManager, checkRetire } = registerEntryRules<DocumentState>({
  entry: (state) => `the document "${state.facts.title}"`,
  ownerOf: "the document's",
  retires: 'a document',
});

/** A version is submitted while none waits for its approvers. */
export function checkSubmit(state: DocumentState, actor: Actor): void {
  checkOwnerOrManager(state, actor, 'submits a version');
  const waiting = versionInReview(state);
  if (waiting) throw conflict(`version ${waiting.number} is waiting for its approvers: approve or reject it first`);
}

/**
 * An approver decides the version in review, once: all of them must approve it, and one
 * rejection returns it to the owner. Nobody else decides, a programme manager included.
 */
export function checkDecision(state: DocumentState, actor: Actor): DocumentVersion {
  assertActive(state);
  const version = versionInReview(state);
  if (!version) throw conflict('no version of this document is waiting for approval');
  if (!state.facts.approverIds.includes(actor.id)) throw forbidden("only the document's approvers approve or reject its versions");
  if (version.approvals.some((a) => a.personId === actor.id)) throw conflict(`you approved version ${version.number} already`);
  return version;
}

/** The open approval task of an approver for a version (none if it was handed to someone else). */
export function approvalTaskOf(state: DocumentState, versionId: string, personId: string): TaskState | undefined {
  return Object.values(state.tasks).find((t) => t.status === 'open' && t.step === approveVersionStep(versionId) && t.ownerId === personId);
}

/** A reader confirms the version in force, if it asked them to. */
export function checkAcknowledge(state: DocumentState, actor: Actor): TaskState {
  assertActive(state);
  const version = approvedVersion(state);
  const task = version && Object.values(state.tasks).find((t) => t.status === 'open' && t.step === acknowledgeStep(version.id) && t.ownerId === actor.id);
  if (!task) throw conflict('you have no acknowledgement of this document to give (not in its audience, or given already)');
  return task;
}
