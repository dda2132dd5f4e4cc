import { z } from 'zod';

export const attentionItemSchema = z
  .object({
    id: z.uuid(),
    workflowId: z.string(),
    aimsId: z.uuid().nullable(),
    aimsName: z.string().nullable(),
    itemType: z.string().describe('task, audit, audit_programme, review_cycle, certification, digests'),
    itemId: z.string(),
    itemLabel: z.string(),
    step: z.string().describe('the step that failed: plan_notifications, send_notification, plan_occurrence, …'),
    errorType: z.string().describe('Invalid, NotFound, Conflict, Forbidden or Defect'),
    error: z.string(),
    firstSeenAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    retryRequestedAt: z.iso.datetime().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'AttentionItem' });

/** What /readyz shows without a token: where work is stuck, not the failure's text (it may quote data). */
export const readyAttentionSchema = z.object({
  open: z.number().int().nonnegative(),
  items: z.array(attentionItemSchema.pick({ id: true, workflowId: true, itemType: true, itemId: true, step: true, errorType: true, firstSeenAt: true })),
});
