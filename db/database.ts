import type { Kysely, Transaction } from 'kysely';
import type { ApiTokensTable } from './tables/api-tokens.table';
import type { AuditTrailTable } from './tables/audit-trail.table';
import type { NotificationsTable } from './tables/notifications.table';
import type { PeopleTable } from './tables/people.table';

export interface Database {
  people: PeopleTable;
  api_tokens: ApiTokensTable;
  audit_trail: AuditTrailTable;
  notifications: NotificationsTable;
}

export type Db = Kysely<Database>;
/** Repositories take either: the transaction is opened at the edge (route or activity). */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;
