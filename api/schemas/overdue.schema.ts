import { z } from 'zod';
import { AGE_BUCKETS, TASK_KINDS } from '../../services/task-listing';
import { OVERDUE_GROUPINGS } from '../../services/overdue-view';
import { extensionSchema } from './task.schema';
import { calendarDate, cursor, cursorText, line, ref } from './fields';

const kindCounts = z.object(Object.fromEntries(TASK_KINDS.map((k) => [k, z.number().int()])) as Record<(typeof TASK_KINDS)[number], z.ZodNumber>);
const ageCounts = z.object(Object.fromEntries(AGE_BUCKETS.map((k) => [k, z.number().int()])) as Record<(typeof AGE_BUCKETS)[number], z.ZodNumber>);

/** The filters of the overdue view, shared by its JSON pages and its files. */
export const overdueFilterFields = {
  aimsId: ref('an AIMS').optional(),
  ownerId: ref('a person').optional(),
  department: line(200).optional(),
  severity: z.enum(['major', 'minor']).optional(),
  kind: z.enum(TASK_KINDS).optional(),
  age: z.enum(AGE_BUCKETS).optional(),
  groupBy: z.enum(OVERDUE_GROUPINGS).default('owner'),
};

/** Where a page ended, as `nextCursor` carries it (see `OverduePosition`). */
const overduePosition = z
  .object({
    groupBy: z.enum(OVERDUE_GROUPINGS),
    rank: z.number().int().min(-1_000_000_000).max(1_000_000_000),
    name: cursorText(1000),
    groupKey: cursorText(200),
    daysLate: z.number().int().min(1).max(10_000_000),
    dueDate: calendarDate,
    id: z.uuid(),
  })
  .strict();

export const OVERDUE_PAGE_DEFAULT = 100;
export const OVERDUE_PAGE_MAX = 500;

export const overdueFilterQuery = z
  .object({
    ...overdueFilterFields,
    // Since issue #20 the view is paged by task (limit, cursor); the former itemsPerGroup is refused by name.
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(OVERDUE_PAGE_MAX)
      .default(OVERDUE_PAGE_DEFAULT)
      .describe('overdue tasks per page (replaces itemsPerGroup, which is no longer taken)'),
    cursor: cursor(overduePosition).optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    // A cursor orders by the grouping it was made for; read under another it would skip or repeat items.
    if (query.cursor && query.cursor.groupBy !== query.groupBy) {
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: `was made for groupBy=${query.cursor.groupBy}, not ${query.groupBy}` });
    }
  });

/** The overdue report's files take the view's filters and grouping, and hold every task. */
export const overdueExportQuery = z.object(overdueFilterFields).strict();

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
    total: z.number().int().describe('every overdue task the filters find, on every page'),
    counts: z.object({ kind: kindCounts, severity: z.object({ major: z.number().int(), minor: z.number().int() }), age: ageCounts }),
    groupedBy: z.enum(OVERDUE_GROUPINGS),
    groupCount: z.number().int().describe('how many groups the overdue tasks make, on every page'),
    groups: z
      .array(
        z.object({
          key: z.string(),
          label: z.string(),
          count: z.number().int().describe('every overdue task of the group, on every page'),
          items: z.array(listedTaskSchema).describe("the group's tasks on this page, the longest overdue first"),
        }),
      )
      .describe("the groups with tasks on this page, in the view's order: fixed for kind and age (oldest first), else the largest group first"),
    page: z.object({
      limit: z.number().int(),
      nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
    }),
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
