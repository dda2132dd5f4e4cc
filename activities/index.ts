import type { Db } from '../db/database';
import type { Clock } from '../domain/clock';
import type { Mailer } from '../mail/mailer';
import { createSendEmail } from './send-email.activity';

export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  clock: Clock;
}

/**
 * Every activity the worker registers, built over its dependencies. Workflows import the type
 * only (`import type`) and call them through proxyActivities.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    sendEmail: createSendEmail(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
