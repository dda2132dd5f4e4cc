import { z } from 'zod';
import { AGE_BUCKETS, TASK_KINDS } from '../../services/task-listing';
import { OVERDUE_GROUPINGS } from '../../services/overdue-view';
import { extensionSchema } from './task.schema';
import { line, ref } from './fields';

const kindCounts = z.object(Object.fromEntries(TASK_KINDS.map((k) => [k, z.number().int()])) as Record<(typeof TASK_KINDS)[number], z.ZodNumber>);
const ageCounts = z.object(Object.fromEntries(AGE_BUCKETS.map((k) => [k, z.number().int()])) as Record<(typeof AGE_BUCKETS)[number], z.ZodNumber>);

export const overdueFilterQuery = z
  .object({
    aimsId: ref('an AIMS').optional(),
    ownerId: ref('a person').optional(),
    department: line(200).optional(),
    severity: z.enum(['major', 'minor']).optional(),
    kind: z.enum(TASK_KINDS).optional(),
    age: z.enum(AGE_BUCKETS).optional(),
    groupBy: z.enum(OVERDUE_GROUPINGS).default('owner'),
    itemsPerGroup: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const listedTaskSchema = z
  .object({
    id: z.uuid(),
    aimsId: z.uuid(),
    aimsName: z.string(),
    kind: z.enum(TASK_KINDS),
    itemId: z.uuid(),
    itemRef: z.string(),
    itemPath: z.string(),
    step: z.string(),
    title: z.string(),
    ownerId: z.uuid(),
    ownerName: z.string(),
    ownerEmail: z.string(),
    ownerManagerId: z.uuid().nullable(),
    department: z.string().nullable(),
    severity: z.enum(['major', 'minor']).nullable(),
    dueDate: z.string(),
    approval: z.enum(['manager', 'management']),
    extensions: z.array(extensionSchema),
    today: z.string(),
    overdue: z.boolean(),
    daysOverdue: z.number().int(),
    ageBucket: z.enum(AGE_BUCKETS).nullable(),
  })
  .meta({ id: 'ListedTask' });

export const overdueViewSchema = z
  .object({
    asOf: z.iso.datetime(),
    total: z.number().int(),
    counts: z.object({ kind: kindCounts, severity: z.object({ major: z.number().int(), minor: z.number().int() }), age: ageCounts }),
    groupedBy: z.enum(OVERDUE_GROUPINGS),
    groups: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        count: z.number().int().describe('every overdue task of the group'),
        items: z.array(listedTaskSchema).describe('the longest overdue first, at most itemsPerGroup'),
      }),
    ),
  })
  .meta({ id: 'OverdueView' });

export const trendQuery = z
  .object({
    aimsId: ref('an AIMS').optional(),
    kind: z.enum(TASK_KINDS).optional(),
    weeks: z.coerce.number().int().min(2, 'at least 2 weeks').max(104, 'at most 104 weeks').default(12),
  })
  .strict();

export const trendSchema = z
  .object({
    zone: z.string(),
    points: z.array(z.object({ date: z.string(), overdue: z.number().int() })),
  })
  .meta({ id: 'OverdueTrend' });
