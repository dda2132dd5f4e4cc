import { inAims } from '../aims-filter';
import type { Insertable, RawBuilder } from 'kysely';
import type { DbOrTrx } from '../database';
import type { ReviewCyclesTable, ReviewsTable } from '../tables/reviews.table';

// Every read and write of `reviews` (management reviews, ISO/IEC 42001 9.3) and `review_cycles`
// (each AIMS's review settings), their workflows' versioned saves of the rows included.

/**
 * One review with the date it is today in its AIMS's zone (for overdue tasks); `today` is the
 * caller's expression over the joined `aims` row.
 */
export async function findReviewWithToday(db: DbOrTrx, reviewId: string, today: RawBuilder<string>) {
  return db
    .selectFrom('reviews')
    .innerJoin('aims', 'aims.id', 'reviews.aims_id')
    .selectAll('reviews')
    .select(today.as('today'))
    .where('reviews.id', '=', reviewId)
    .executeTakeFirst();
}

/** What a review's pack is compiled from: the review, its inputs, its AIMS's zone and set-up instant. */
export async function findReviewForPack(db: DbOrTrx, reviewId: string) {
  return db
    .selectFrom('reviews')
    .innerJoin('aims', 'aims.id', 'reviews.aims_id')
    .select(['reviews.id', 'reviews.number', 'reviews.aims_id', 'reviews.meeting_date', 'reviews.inputs', 'aims.time_zone', 'aims.created_at'])
    .where('reviews.id', '=', reviewId)
    .executeTakeFirst();
}

/** What a review's invitation is built from: the meeting, who is invited, its AIMS's zone and policy. */
export async function findReviewForInvitation(db: DbOrTrx, reviewId: string) {
  return db
    .selectFrom('reviews')
    .innerJoin('aims', 'aims.id', 'reviews.aims_id')
    .select([
      'reviews.id',
      'reviews.aims_id',
      'reviews.number',
      'reviews.meeting_at',
      'reviews.meeting_date',
      'reviews.chair_id',
      'reviews.attendee_ids',
      'aims.time_zone',
      'aims.policy',
    ])
    .where('reviews.id', '=', reviewId)
    .executeTakeFirst();
}

/** The latest review of an AIMS meeting before a date, or undefined. */
export async function findReviewBefore(db: DbOrTrx, aimsId: string, meetingDate: string) {
  return db
    .selectFrom('reviews')
    .select(['id', 'meeting_date'])
    .where('aims_id', '=', aimsId)
    .where('meeting_date', '<', meetingDate)
    .orderBy('meeting_date', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every review of an AIMS meeting before a date, in no particular order. */
export async function listReviewsBefore(db: DbOrTrx, aimsId: string, meetingDate: string) {
  return db.selectFrom('reviews').select(['id', 'number']).where('aims_id', '=', aimsId).where('meeting_date', '<', meetingDate).execute();
}

/** Opened reviews of one AIMS or of all, by meeting date: what lists show of each. */
export async function listReviewSummaries(db: DbOrTrx, aimsId: string | undefined, aimsIds?: readonly string[]) {
  let query = db.selectFrom('reviews').select(['id', 'number', 'aims_id', 'status', 'meeting_date']).orderBy('meeting_date');
  if (aimsId) query = query.where('aims_id', '=', aimsId);
  if (aimsIds) query = query.where(inAims('aims_id', aimsIds));
  return query.execute();
}

/** An AIMS's review meetings, by meeting instant: what its calendar feed shows. */
export async function listReviewMeetings(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('reviews').select(['id', 'number', 'meeting_at']).where('aims_id', '=', aimsId).orderBy('meeting_at').execute();
}

/** Indexes of an AIMS's opened reviews from an index on. */
export async function listOpenedReviewIndexesFrom(db: DbOrTrx, aimsId: string, fromIndex: number): Promise<number[]> {
  const rows = await db.selectFrom('reviews').select('review_index').where('aims_id', '=', aimsId).where('review_index', '>=', fromIndex).execute();
  return rows.map((r) => r.review_index);
}

/** The number a review was given by its first save; throws when there is no such review. */
export async function getReviewNumber(db: DbOrTrx, reviewId: string): Promise<number> {
  const row = await db.selectFrom('reviews').select('number').where('id', '=', reviewId).executeTakeFirstOrThrow();
  return row.number;
}

/** Keeps a compiled pack with its review (JSON), as it stood for the meeting. */
export async function storeReviewPackOf(db: DbOrTrx, reviewId: string, pack: unknown): Promise<void> {
  await db
    .updateTable('reviews')
    .set({ pack: JSON.stringify(pack) })
    .where('id', '=', reviewId)
    .execute();
}

/** An AIMS's review cycle as its workflow last saved it. */
export async function findReviewCycleRow(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('review_cycles').selectAll().where('aims_id', '=', aimsId).executeTakeFirst();
}

/** The AIMS whose review cycle has a saved row: one, if asked for, or all. */
export async function listReviewCycleAimsIds(db: DbOrTrx, aimsId?: string, aimsIds?: readonly string[]): Promise<string[]> {
  let query = db.selectFrom('review_cycles').select('aims_id');
  if (aimsId) query = query.where('aims_id', '=', aimsId);
  if (aimsIds) query = query.where(inAims('aims_id', aimsIds));
  return (await query.execute()).map((r) => r.aims_id);
}

/** The review cycle workflow's save of its row; an older snapshot than the stored one changes nothing. */
export async function upsertReviewCycleIfNewer(trx: DbOrTrx, row: Insertable<ReviewCyclesTable> & { version: number }): Promise<undefined> {
  await trx
    .insertInto('review_cycles')
    .values(row)
    .onConflict((oc) => oc.column('aims_id').doUpdateSet(row).where('review_cycles.version', '<', row.version))
    .execute();
  return undefined;
}

/** The review workflow's save of its row; answers the row's number if it was written, nothing if a newer one is stored. */
export async function upsertReviewIfNewer(trx: DbOrTrx, row: Insertable<ReviewsTable> & { version: number }) {
  return trx
    .insertInto('reviews')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(row).where('reviews.version', '<', row.version))
    .returning('number')
    .executeTakeFirst();
}

/** Every review of an AIMS by meeting, with its stored pack, minutes and approval: an evidence package's reviews. */
export async function listReviewsOfAimsForPackage(db: DbOrTrx, aimsId: string) {
  return db
    .selectFrom('reviews')
    .select(['id', 'meeting_at', 'meeting_date', 'pack', 'minutes', 'approved_at'])
    .where('aims_id', '=', aimsId)
    .orderBy('meeting_at')
    .orderBy('id')
    .execute();
}
