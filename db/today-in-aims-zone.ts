import { sql } from 'kysely';

/**
 * The date it is today in the zone of the joined `aims` row: an open task is overdue once its due
 * date has passed there. "Now" comes from the engine's clock, the same one that stamps the
 * record, not from the database server. A fragment for queries that join `aims`.
 */
export const todayInAimsZone = (now: Date) => sql<string>`((${now.toISOString()})::timestamptz at time zone aims.time_zone)::date::text`;
