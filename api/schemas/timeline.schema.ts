import { z } from 'zod';
import { jsonValueSchema } from './json-value.schema';

/** One entry of an item's timeline (services/timeline.ts): who changed what, with the entity's snapshots. */
export const timelineEntrySchema = z
  .object({
    at: z.iso.datetime(),
    actorId: z.uuid().nullable().describe('null when the engine acted (timers, escalations)'),
    actor: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    // Each entity type keeps its own snapshot shape; null before a creation.
    before: jsonValueSchema,
    after: jsonValueSchema,
  })
  .meta({ id: 'TimelineEntry' });
