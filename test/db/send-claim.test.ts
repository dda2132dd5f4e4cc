// The one statement an email's sender starts with (issue #20: two statements fewer per email):
// it creates or claims the email's row and reads its organisation's sender settings. Run on
// PGlite, the embedded default, whose SQL support is the narrower of the two; the exactly-once
// behaviour around it runs on PostgreSQL in test/mail/send-email.test.ts.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { claimToSend, markNotificationSent } from '../../db/repositories/notifications.repository';
import { freshPglite } from '../support/database';
import { newAims } from '../support/fixtures';

describe('claiming an email to send, on PGlite', () => {
  let db: Db;
  let aimsId: string;
  const at = new Date('2026-12-04T09:00:00Z');
  const minuteBefore = (d: Date) => new Date(d.getTime() - 60_000);
  let n = 0;
  const email = (aims: string | null) => ({
    dedupeKey: `key-${(n += 1)}`,
    recipient: 'owner@example.test',
    subject: 'A task',
    messageId: `<m${n}@test>`,
    aimsId: aims,
  });

  beforeAll(async () => {
    db = await freshPglite();
    aimsId = await newAims(db);
    await sql`update organisations set sender_name = 'Acme AIMS', reply_to = 'aims@acme.test' where id = (select organisation_id from aims where id = ${aimsId})`.execute(
      db,
    );
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
  });

  it("creates the row on the first claim and reads the AIMS's organisation's sender", async () => {
    const first = email(aimsId);
    expect(await claimToSend(db, first, at, minuteBefore(at))).toEqual({
      message_id: first.messageId,
      sender: { sender_name: 'Acme AIMS', reply_to: 'aims@acme.test' },
    });
    const row = await sql<{
      recipient: string;
      claimed_at: Date;
    }>`select recipient, claimed_at from notifications where dedupe_key = ${first.dedupeKey}`.execute(db);
    expect(row.rows[0]).toEqual({ recipient: 'owner@example.test', claimed_at: at });
  });

  it('gives nothing while another sender holds a fresh claim, and takes a stale one over with the first Message-ID', async () => {
    const first = email(aimsId);
    await claimToSend(db, first, at, minuteBefore(at));
    const soon = new Date(at.getTime() + 30_000);
    expect(await claimToSend(db, { ...first, messageId: '<other@test>' }, soon, minuteBefore(soon))).toBeUndefined();
    const later = new Date(at.getTime() + 61_000);
    expect(await claimToSend(db, { ...first, messageId: '<other@test>' }, later, minuteBefore(later))).toMatchObject({ message_id: first.messageId });
  });

  it('gives nothing for an email already sent, however old its claim', async () => {
    const first = email(aimsId);
    await claimToSend(db, first, at, minuteBefore(at));
    await markNotificationSent(db, first.dedupeKey, at);
    const muchLater = new Date(at.getTime() + 86_400_000);
    expect(await claimToSend(db, first, muchLater, minuteBefore(muchLater))).toBeUndefined();
  });

  it('has no sender for an email about no AIMS, or an AIMS that is gone', async () => {
    expect(await claimToSend(db, email(null), at, minuteBefore(at))).toMatchObject({ sender: undefined });
    expect(await claimToSend(db, email('00000000-0000-4000-8000-000000000000'), at, minuteBefore(at))).toMatchObject({ sender: undefined });
  });
});
