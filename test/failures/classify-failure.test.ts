import { randomUUID } from 'node:crypto';
import type { WorkflowClient } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { connectDatabase } from '../../db/connect';
import { FAILURE_TYPES } from '../../domain/failure-types';
import { MailCatcher } from '../../mail/capture-server';
import { createMailer } from '../../mail/mailer';
import { freshPostgres } from '../support/database';
import { newPerson } from '../support/fixtures';

/**
 * The activities as the worker registers them, over a real database and SMTP catcher: what a
 * deterministic failure and a transient one look like to Temporal's retry policy.
 */
describe('activities classify their failures', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let catcher: MailCatcher;
  let acts: ReturnType<typeof createActivities>;
  let aimsId: string;
  let ownerId: string;
  const clock = { now: () => new Date() };
  // Starting workflows is not exercised here; the activities only keep the client.
  const noTemporal = {} as WorkflowClient;

  beforeAll(async () => {
    catcher = new MailCatcher({ port: 0, keepInMemory: true });
    await catcher.start();
    postgres = await freshPostgres();
    const mailer = createMailer(
      { kind: 'capture', port: catcher.port, dir: '', from: 'AIMS <aims@example.org>' },
      { smtpUser: undefined, smtpPassword: undefined },
    );
    acts = createActivities({ db: postgres.db, mailer, clock, publicBaseUrl: 'http://aims.test', temporal: noTemporal });
    const pm = await newPerson(postgres.db, { roles: ['programme_manager'], timeZone: 'Europe/Paris' });
    ownerId = pm.id;
    aimsId = (
      await postgres.db
        .insertInto('aims')
        .values({ name: 'AIMS', time_zone: 'Europe/Paris', holiday_region: 'FR', programme_manager_id: pm.id })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await postgres?.drop();
    await catcher?.stop();
  });

  const failureOf = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error('expected the activity to fail');
  };

  it('turns PostgreSQL 22021 (a NUL byte in text) into a non-retryable Invalid naming the SQLSTATE', async () => {
    const error = await failureOf(() => acts.sendEmail({ dedupeKey: 'poison\u0000key', to: 'a@example.org', subject: 's', text: 't', html: '<p>t</p>' }));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).type).toBe(FAILURE_TYPES.invalid);
    expect((error as ApplicationFailure).message).toMatch(/22021/);
    expect(catcher.messages).toHaveLength(0);
  });

  it('turns a RangeError of the calendar (a date beyond year 9999) into a non-retryable Invalid with its reason', async () => {
    const error = await failureOf(() =>
      acts.planNextTaskNotifications({ task: { aimsId, ownerId, ownerManagerId: null, dueDate: '9999-12-31' }, after: new Date().toISOString() }),
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).type).toBe(FAILURE_TYPES.invalid);
    expect((error as ApplicationFailure).message).toMatch(/outside the ISO date range/);
  });

  it('turns an AIMS whose zone no longer exists into a non-retryable Invalid', async () => {
    await postgres.db.updateTable('aims').set({ time_zone: 'Mars/Olympus_Mons' }).where('id', '=', aimsId).execute();
    try {
      const error = await failureOf(() => acts.aimsToday({ aimsId, at: new Date().toISOString() }));
      expect((error as ApplicationFailure).nonRetryable).toBe(true);
      expect((error as ApplicationFailure).message).toMatch(/Mars\/Olympus_Mons/);
    } finally {
      await postgres.db.updateTable('aims').set({ time_zone: 'Europe/Paris' }).where('id', '=', aimsId).execute();
    }
  });

  it('answers a missing row with a non-retryable NotFound', async () => {
    const error = await failureOf(() => acts.managerOf(randomUUID()));
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).type).toBe(FAILURE_TYPES.notFound);
  });

  it('leaves a refused connection (ECONNREFUSED) retryable, as it is', async () => {
    const unreachable = connectDatabase({ kind: 'postgres', url: 'postgres://aims:aims@127.0.0.1:1/aims', poolSize: 1 });
    const mailer = createMailer(
      { kind: 'capture', port: catcher.port, dir: '', from: 'AIMS <aims@example.org>' },
      { smtpUser: undefined, smtpPassword: undefined },
    );
    const offline = createActivities({ db: unreachable, mailer, clock, publicBaseUrl: 'http://aims.test', temporal: noTemporal });
    try {
      const error = await failureOf(() => offline.managerOf(randomUUID()));
      expect(error instanceof ApplicationFailure && error.nonRetryable).toBe(false);
      expect(JSON.stringify({ code: (error as { code?: string }).code, message: String(error) })).toMatch(/ECONNREFUSED/);
    } finally {
      await unreachable.destroy();
    }
  });

  it('leaves an SMTP relay that refuses connections retryable', async () => {
    const mailer = createMailer({ kind: 'capture', port: 1, dir: '', from: 'AIMS <aims@example.org>' }, { smtpUser: undefined, smtpPassword: undefined });
    const noRelay = createActivities({ db: postgres.db, mailer, clock, publicBaseUrl: 'http://aims.test', temporal: noTemporal });
    const error = await failureOf(() => noRelay.sendEmail({ dedupeKey: `k-${randomUUID()}`, to: 'a@example.org', subject: 's', text: 't', html: '<p>t</p>' }));
    expect(error instanceof ApplicationFailure && error.nonRetryable).toBe(false);
    expect(String((error as { code?: string }).code ?? error)).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
  });
});
