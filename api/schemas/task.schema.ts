import { z } from 'zod';

// The task every kind of item owns (one deadline mechanism), as every answer that lists tasks shows it.

export const extensionSchema = z
  .object({
    id: z.uuid(),
    requestedDueDate: z.string(),
    previousDueDate: z.string(),
    reason: z.string(),
    requestedBy: z.uuid(),
    requestedAt: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    decidedBy: z.uuid().optional(),
    decidedAt: z.string().optional(),
    comment: z.string().optional(),
  })
  .meta({ id: 'ExtensionRequest' });

export const taskSchema = z
  .object({
    id: z.uuid(),
    itemType: z.string(),
    itemId: z.uuid(),
    step: z.string(),
    title: z.string(),
    ownerId: z.uuid(),
    dueDate: z.string(),
    status: z.enum(['open', 'done', 'cancelled']),
    overdue: z.boolean(),
    approval: z.enum(['manager', 'management']),
    extensions: z.array(extensionSchema),
    completedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Task' });
