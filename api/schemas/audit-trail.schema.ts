import { z } from 'zod';

export const trailVerificationSchema = z
  .object({
    aimsId: z.uuid(),
    entries: z.number().int().describe('entries verified, oldest first (up to the first broken one)'),
    intact: z.boolean(),
    firstBroken: z
      .object({
        entryId: z.string().describe('the audit-trail entry (its id) that does not verify'),
        seq: z.number().int().describe('its position in the AIMS chain, from 1'),
        reason: z.enum(['hash does not match the entry', 'previous hash does not match the entry before it', 'entries are missing before it']),
      })
      .nullable(),
    head: z
      .object({ entryId: z.string(), seq: z.number().int(), hash: z.string().describe('sha256, hex') })
      .nullable()
      .describe('the last entry of an intact chain; null when broken or empty'),
  })
  .meta({ id: 'TrailVerification' });

export const trailEntrySchema = z
  .object({
    id: z.string().describe('the entry'),
    seq: z.number().int().describe('its position in the AIMS chain, from 1'),
    occurredAt: z.iso.datetime(),
    actorId: z.uuid().nullable().describe('the person who acted; null when the engine acted'),
    actor: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    before: z.string().nullable().describe('the record before the change, as JSON'),
    after: z.string().nullable().describe('the record after the change, as JSON'),
    hash: z.string(),
    prevHash: z.string(),
  })
  .meta({ id: 'TrailEntry' });
