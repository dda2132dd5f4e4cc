import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';

/** The outbox kind of an audit's notice and report: its payload is an `AuditEmailRequest`. */
export const AUDIT_EMAIL = 'audit_email';

/**
 * An audit's notice or report as its command asks for it: rendered from the record when it is
 * sent (`send-audit-email.activity.ts`). The workflow and label name it in attention.
 */
export interface AuditEmailRequest {
  auditId: string;
  kind: 'notice' | 'report';
  /** Workflow time of the command: the emails' Date header. */
  at: string;
  workflowId: string;
  itemLabel: string;
}

/** The outbox row of a notice or report; its key holds the command's time, so a retried save queues it once. */
export function auditEmail(aimsId: string, request: AuditEmailRequest): QueuedEmail {
  return { key: `audit:${request.auditId}|${request.kind}|${request.at}`, aimsId, item: request.workflowId, kind: AUDIT_EMAIL, payload: request };
}
