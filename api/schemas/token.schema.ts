import { z } from 'zod';
import type { TokenListing } from '../../db/repositories/api-tokens.repository';
import { calendarDate, line, ref } from './fields';

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    personName: z.string(),
    label: z.string(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const tokenListQuerySchema = z
  .object({
    personId: ref('a person').optional(),
    all: z.enum(['true', 'false']).optional().describe("admins: everyone's tokens"),
  })
  .strict();

export const newTokenSchema = z
  .object({
    label: line(100),
    /** The last day the token works (UTC); without it, the token works until revoked. */
    expiresOn: calendarDate.optional().describe('the last day (UTC) the token works; omitted: until revoked'),
  })
  .strict()
  .meta({ id: 'NewApiToken' });

export const issuedOwnTokenSchema = z
  .object({ id: z.uuid(), token: z.string().describe('the secret, shown once'), expiresAt: z.iso.datetime().nullable() })
  .meta({ id: 'IssuedOwnToken' });

export function toApiTokenDto(row: TokenListing): z.infer<typeof apiTokenSchema> {
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    label: row.label,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}
