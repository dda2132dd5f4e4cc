import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { EmailBeingSent, messageIdFor, SEND_CLAIM_MS, sendOnce } from '../../activities/send-email.activity';
import { systemClock } from '../../domain/clock';
import { notificationKey } from '../../domain/notification-key';
import { MailCatcher } from '../../mail/capture-server';
import { createMailer, type Mailer } from '../../mail/mailer';
import { sql } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { freshPostgres } from '../support/database';
import { TEST_WORKFLOWS_PATH, timeSkippingEnv } from '../support/temporal';
import { sendEmailsWorkflow } from '../support/workflows';

describe('email from an activity', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let catcher: MailCatcher;
  let worker: Worker;
  let mailer: Mailer;
  const taskQueue = `tq-${randomUUID()}`;

  beforeAll(async () => {
    catcher = new MailCatcher({ port: 0, keepInMemory: true });
    await catcher.start();
    [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
    mailer = createMailer({ kind: 'capture', port: catcher.port, dir: '', from: 'AIMS <aims@example.org>' }, { smtpUser: undefined, smtpPassword: undefined });
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: TEST_WORKFLOWS_PATH,
      activities: createActivities({ db: postgres.db, mailer, clock: systemClock, publicBaseUrl: 'http://aims.test', temporal: env.client.workflow }),
    });
  });
  afterAll(async () => {
    mailer?.close();
    await env?.teardown();
    await catcher?.stop();
    await postgres?.drop();
  });

  it('arrives at a real SMTP listener once per key, as text and HTML that parse', async () => {
    const key = notificationKey({ item: 'case:1', step: 'containment', kind: 'reminder', dueDate: '2027-03-01', detail: '5' });
    const email = {
      dedupeKey: key,
      to: 'owner@example.org',
      subject: 'Containment due on 1 March 2027',
      text: 'Please contain nonconformity NC-1.',
      html: '<p>Please contain <strong>nonconformity NC-1</strong>.</p>',
    };
    const other = { ...email, dedupeKey: `${key}-other`, to: 'manager@example.org' };

    const results = await worker.runUntil(
      env.client.workflow.execute(sendEmailsWorkflow, { taskQueue, workflowId: `mail-${randomUUID()}`, args: [[email, email, other]] }),
    );
    expect(results.map((r) => r.alreadySent)).toEqual([false, true, false]);

    const [first, second] = await catcher.waitForCount(2);
    // Nothing more arrives for the repeated key.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(catcher.messages).toHaveLength(2);

    expect(first!.to).toEqual(['owner@example.org']);
    expect(second!.to).toEqual(['manager@example.org']);
    const parsed = await simpleParser(first!.raw);
    expect(parsed.subject).toBe('Containment due on 1 March 2027');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'AIMS', address: 'aims@example.org' });
    expect(parsed.text?.trim()).toBe('Please contain nonconformity NC-1.');
    expect(parsed.html).toContain('<strong>nonconformity NC-1</strong>');
    expect(parsed.messageId).toBe(messageIdFor(key));

    const row = await postgres.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow();
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(row.recipient).toBe('owner@example.org');
  });

  it('holds no transaction during the SMTP call: a second sender of the same email is told to retry, then finds it sent', async () => {
    const before = catcher.messages.length;
    const key = `claim-${randomUUID()}`;
    const email = { dedupeKey: key, to: 'owner@example.org', subject: 'Claimed once', text: 'x', html: '<p>x</p>' };
    // A relay that answers only when released, so the first send is in the middle of its call.
    let release!: () => void;
    const relayAnswers = new Promise<void>((resolve) => (release = resolve));
    const slowMailer = { send: async (m: Parameters<Mailer['send']>[0]) => relayAnswers.then(() => mailer.send(m)) } as unknown as Mailer;
    const deps = { db: postgres.db, mailer: slowMailer, clock: systemClock };
    const first = sendOnce(deps, email);
    await expect
      .poll(async () => (await postgres.db.selectFrom('notifications').select('claimed_at').where('dedupe_key', '=', key).executeTakeFirst())?.claimed_at)
      .toBeInstanceOf(Date);
    // While the call runs, the row is not locked: a read in a transaction of its own goes through.
    const row = await postgres.db
      .transaction()
      .execute((trx) => trx.selectFrom('notifications').select('sent_at').where('dedupe_key', '=', key).forUpdate().noWait().executeTakeFirstOrThrow());
    expect(row.sent_at).toBeNull();
    await expect(sendOnce(deps, email)).rejects.toBeInstanceOf(EmailBeingSent);
    release();
    expect(await first).toMatchObject({ alreadySent: false });
    expect(await sendOnce(deps, email)).toMatchObject({ alreadySent: true });
    await catcher.waitForCount(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(catcher.messages).toHaveLength(before + 1);
  });

  it('records an accepted email as sent even when its database connection dies just after the relay accepted it: sent once, not again on a retry', async () => {
    const before = catcher.messages.length;
    const key = `lost-connection-${randomUUID()}`;
    const email = { dedupeKey: key, to: 'owner@example.org', subject: 'Sent once through a lost connection', text: 'x', html: '<p>x</p>' };
    // The sender's own database: one connection, killed by the server the moment the relay has accepted the mail.
    const senderDb = connectDatabase({ kind: 'postgres', url: postgres.url, poolSize: 1 });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(senderDb);
      const killingMailer = {
        send: async (m: Parameters<Mailer['send']>[0]) => {
          await mailer.send(m);
          await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(postgres.db);
        },
      } as unknown as Mailer;
      expect(await sendOnce({ db: senderDb, mailer: killingMailer, clock: systemClock }, email)).toMatchObject({ alreadySent: false });
    } finally {
      await senderDb.destroy();
    }
    const row = await postgres.db.selectFrom('notifications').select('sent_at').where('dedupe_key', '=', key).executeTakeFirstOrThrow();
    expect(row.sent_at).toBeInstanceOf(Date);
    // A retry of the activity now finds it sent: nothing more goes out.
    expect(await sendOnce({ db: postgres.db, mailer, clock: systemClock }, email)).toMatchObject({ alreadySent: true });
    await catcher.waitForCount(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(catcher.messages).toHaveLength(before + 1);
  });

  it('releases its claim when the relay is away, so the retry sends at once (not a claim-lifetime later), once', async () => {
    const before = catcher.messages.length;
    const key = `relay-away-${randomUUID()}`;
    const email = { dedupeKey: key, to: 'owner@example.org', subject: 'After the relay came back', text: 'x', html: '<p>x</p>' };
    // A real relay that is away: nothing listens on its port.
    const away = new MailCatcher({ port: 0 });
    await away.start();
    await away.stop();
    const awayMailer = createMailer(
      { kind: 'capture', port: away.port, dir: '', from: 'AIMS <aims@example.org>' },
      { smtpUser: undefined, smtpPassword: undefined },
    );
    try {
      await expect(sendOnce({ db: postgres.db, mailer: awayMailer, clock: systemClock }, email)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      awayMailer.close();
    }
    const row = await postgres.db.selectFrom('notifications').select(['claimed_at', 'sent_at']).where('dedupe_key', '=', key).executeTakeFirstOrThrow();
    expect(row).toEqual({ claimed_at: null, sent_at: null });
    // The retry, with the relay back, goes through at once and sends it once.
    expect(await sendOnce({ db: postgres.db, mailer, clock: systemClock }, email)).toMatchObject({ alreadySent: false, messageId: messageIdFor(key) });
    expect(await sendOnce({ db: postgres.db, mailer, clock: systemClock }, email)).toMatchObject({ alreadySent: true });
    await catcher.waitForCount(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(catcher.messages).toHaveLength(before + 1);
  });

  it('takes over a claim left by a sender that died mid-call, once the claim is stale, with the same Message-ID', async () => {
    const before = catcher.messages.length;
    const key = `stale-${randomUUID()}`;
    const email = { dedupeKey: key, to: 'owner@example.org', subject: 'Taken over', text: 'x', html: '<p>x</p>' };
    const now = Date.now();
    await postgres.db
      .insertInto('notifications')
      .values({ dedupe_key: key, recipient: email.to, subject: email.subject, message_id: messageIdFor(key), claimed_at: new Date(now - 10_000) })
      .execute();
    // A fresh claim (ten seconds old) is respected…
    await expect(sendOnce({ db: postgres.db, mailer, clock: systemClock }, email)).rejects.toBeInstanceOf(EmailBeingSent);
    // …a stale one is taken over.
    const later = { now: () => new Date(now - 10_000 + SEND_CLAIM_MS + 1) };
    expect(await sendOnce({ db: postgres.db, mailer, clock: later }, email)).toMatchObject({ alreadySent: false, messageId: messageIdFor(key) });
    const [arrived] = (await catcher.waitForCount(before + 1)).slice(before);
    expect((await simpleParser(arrived!.raw)).messageId).toBe(messageIdFor(key));
  });
});
