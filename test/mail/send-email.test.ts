import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { messageIdFor } from '../../activities/send-email.activity';
import { systemClock } from '../../domain/clock';
import { notificationKey } from '../../domain/notification-key';
import { MailCatcher } from '../../mail/capture-server';
import { createMailer } from '../../mail/mailer';
import { freshPostgres } from '../support/database';
import { TEST_WORKFLOWS_PATH, timeSkippingEnv } from '../support/temporal';
import { sendEmailsWorkflow } from '../support/workflows';

describe('email from an activity', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let catcher: MailCatcher;
  let worker: Worker;
  const taskQueue = `tq-${randomUUID()}`;

  beforeAll(async () => {
    catcher = new MailCatcher({ port: 0, keepInMemory: true });
    await catcher.start();
    [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
    const mailer = createMailer(
      { kind: 'capture', port: catcher.port, dir: '', from: 'AIMS <aims@example.org>' },
      { smtpUser: undefined, smtpPassword: undefined },
    );
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: TEST_WORKFLOWS_PATH,
      activities: createActivities({ db: postgres.db, mailer, clock: systemClock, publicBaseUrl: 'http://aims.test', temporal: env.client.workflow }),
    });
  });
  afterAll(async () => {
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
});
