import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config, Secrets } from '../config/config';
import type { Db } from '../db/database';
import type { Clock } from '../domain/clock';
import type { Mailer } from '../mail/mailer';
import type { AimsSettingsCache } from '../services/aims-settings-cache';
import type { EvidenceStore } from '../services/evidence-store';

/** What route handlers may use. Built once in the composition root; tests swap single parts. */
export interface ApiContext {
  config: Config;
  /** The OpenID Connect client secret is read from here, when single sign-on is on. */
  secrets: Secrets;
  db: Db;
  temporal: Client;
  clock: Clock;
  log: Logger;
  /** Sends sign-in links (the worker sends everything else, through the outbox). */
  mailer: Mailer;
  /** Set per call by the route's scope: the organisation of the AIMS the call acts on (people it names must belong to it). */
  organisationId?: string;
  /** AIMS settings kept in memory for the activities; a route that changes them forgets them here. */
  aimsSettings: AimsSettingsCache;
  /** Where evidence files' content is kept (PostgreSQL by default). */
  evidenceStore: EvidenceStore;
}
