import { createSavePreparingTasks, type OutboxWaker } from './tasks/save-preparing-tasks';
import type { WorkflowClient } from '@temporalio/client';
import type { Db } from '../db/database';
import type { Clock } from '../domain/clock';
import type { Mailer } from '../mail/mailer';
import type { AimsSettingsCache } from '../services/aims-settings-cache';
import { createPlanAiAssessment } from './ai-systems/plan-ai-assessment.activity';
import { createSaveAiSystem } from './ai-systems/save-ai-system.activity';
import { createPlanDocument, createResolveAudience } from './documents/plan-document.activity';
import { createSaveDocument } from './documents/save-document.activity';
import { createPlanSupplierReview } from './suppliers/plan-supplier-review.activity';
import { createSaveSupplier } from './suppliers/save-supplier.activity';
import { createAimsToday } from './aims-today.activity';
import { createRecordAttention, createResolveAttention } from './attention/attention.activity';
import { classifyingFailures } from './classify-failure';
import { createCheckAuditTeam } from './audits/check-audit-team.activity';
import { createPlanOccurrence } from './audits/plan-occurrence.activity';
import { createPrepareAudit } from './audits/prepare-audit.activity';
import { createSaveAudit, createSaveProgramme } from './audits/save-audit.activity';
import { createSendAuditEmail } from './audits/send-audit-email.activity';
import { createPlanCertification, createPrepareExternalFindings } from './certification/plan-certification.activity';
import { createSaveCertification } from './certification/save-certification.activity';
import { createSaveCase } from './cases/save-case.activity';
import { createPlanNextDigestRun } from './digests/plan-digests.activity';
import { createSendDueDigests } from './digests/send-digests.activity';
import { createManagerOf } from './people.activity';
import { createSendEmail } from './send-email.activity';
import { createPlanNextTaskNotification } from './tasks/plan-next-notification.activity';
import { createPrepareTask } from './tasks/prepare-task.activity';
import { createSendTaskEvent, createSendTaskNotification } from './tasks/send-task-notification.activity';
import { createPlanReview } from './reviews/plan-review.activity';
import { createSaveReview, createSaveReviewCycle, createStoreReviewPack } from './reviews/save-review.activity';
import { createSendReviewInvitation } from './reviews/send-review-invitation.activity';
import { createStartWorkflow } from './start-workflow.activity';
import { createPlanReadinessSnapshot, createTakeReadinessSnapshot } from './readiness/readiness-snapshot.activity';
import { createBuildEvidencePackage, createFailEvidencePackage } from './evidence-packages/build-evidence-package.activity';
import {
  createEraseOrganisationRecord,
  createFinishOrganisationDeletion,
  createTerminateOrganisationWorkflows,
} from './organisations/delete-organisation.activity';

import type { EvidenceStore } from '../services/evidence-store';

export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  clock: Clock;
  /** Where links in emails point: the API's public address. */
  publicBaseUrl: string;
  /** For the activity that starts independent workflows (cases, audits, reviews). */
  temporal: WorkflowClient;
  /** The process's cache of AIMS settings (shared with the API, which forgets what it changes); absent: read at every use. */
  aimsSettings?: AimsSettingsCache;
  /** TEMPORAL_SEARCH_ATTRIBUTES: the namespace has the engine's search attributes (cases it starts keep CaseStatus). */
  searchAttributes?: boolean;
  /** Where evidence bytes are read from (the evidence package); PostgreSQL unless given. */
  evidenceStore?: EvidenceStore;
  /** The process's outbox sender, woken by a save that queued emails; without it they wait for its next look. */
  outbox?: OutboxWaker;
}

/**
 * Every activity the worker registers, built over its dependencies. Workflows import the type
 * only (`import type`) and call them through proxyActivities. Each one classifies its failures
 * (`classify-failure.ts`): deterministic ones are not retried, transient ones are.
 */
export function createActivities(deps: ActivityDeps) {
  return classifyingFailures({
    sendEmail: createSendEmail(deps),
    prepareTask: createPrepareTask(deps),
    planNextTaskNotifications: createPlanNextTaskNotification(deps),
    sendTaskNotification: createSendTaskNotification(deps),
    sendTaskEvent: createSendTaskEvent(deps),
    saveCase: createSaveCase(deps),
    saveCasePreparingTasks: createSavePreparingTasks(deps, createSaveCase(deps)),
    managerOf: createManagerOf(deps),
    startWorkflow: createStartWorkflow(deps),
    aimsToday: createAimsToday(deps),
    planOccurrence: createPlanOccurrence(deps),
    prepareAudit: createPrepareAudit(deps),
    checkAuditTeam: createCheckAuditTeam(deps),
    saveAudit: createSaveAudit(deps),
    saveAuditPreparingTasks: createSavePreparingTasks(deps, createSaveAudit(deps)),
    saveProgramme: createSaveProgramme(deps),
    sendAuditEmail: createSendAuditEmail(deps),
    planCertification: createPlanCertification(deps),
    prepareExternalFindings: createPrepareExternalFindings(deps),
    saveCertification: createSaveCertification(deps),
    saveCertificationPreparingTasks: createSavePreparingTasks(deps, createSaveCertification(deps)),
    planReview: createPlanReview(deps),
    saveReview: createSaveReview(deps),
    saveReviewPreparingTasks: createSavePreparingTasks(deps, createSaveReview(deps)),
    saveReviewCycle: createSaveReviewCycle(deps),
    storeReviewPack: createStoreReviewPack(deps),
    sendReviewInvitation: createSendReviewInvitation(deps),
    planNextDigestRun: createPlanNextDigestRun(deps),
    sendDueDigests: createSendDueDigests(deps),
    recordAttention: createRecordAttention(deps),
    resolveAttention: createResolveAttention(deps),
    planAiAssessment: createPlanAiAssessment(deps),
    saveAiSystem: createSaveAiSystem(deps),
    saveAiSystemPreparingTasks: createSavePreparingTasks(deps, createSaveAiSystem(deps)),
    planDocument: createPlanDocument(deps),
    resolveAudience: createResolveAudience(deps),
    saveDocument: createSaveDocument(deps),
    saveDocumentPreparingTasks: createSavePreparingTasks(deps, createSaveDocument(deps)),
    planSupplierReview: createPlanSupplierReview(deps),
    saveSupplier: createSaveSupplier(deps),
    saveSupplierPreparingTasks: createSavePreparingTasks(deps, createSaveSupplier(deps)),
    planReadinessSnapshot: createPlanReadinessSnapshot(deps),
    takeReadinessSnapshot: createTakeReadinessSnapshot(deps),
    buildEvidencePackage: createBuildEvidencePackage(deps),
    failEvidencePackage: createFailEvidencePackage(deps),
    terminateOrganisationWorkflows: createTerminateOrganisationWorkflows(deps),
    eraseOrganisationRecord: createEraseOrganisationRecord(deps),
    finishOrganisationDeletion: createFinishOrganisationDeletion(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
