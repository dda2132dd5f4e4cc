import type { Kysely, Transaction } from 'kysely';
import type { AiRisksTable, AiSystemsTable } from './tables/ai-systems.table';
import type { AimsTable } from './tables/aims.table';
import type { ApiTokensTable } from './tables/api-tokens.table';
import type { AttentionItemsTable } from './tables/attention-items.table';
import type { AuditProgrammesTable, AuditResultsTable, AuditsTable, SoaEntriesTable } from './tables/audits.table';
import type { DocumentsTable } from './tables/documents.table';
import type { SuppliersTable } from './tables/suppliers.table';
import type { ReadinessSnapshotsTable } from './tables/readiness-snapshots.table';
import type { CertificationsTable } from './tables/certification.table';
import type { FeedTokensTable } from './tables/feed-tokens.table';
import type { AuditTrailTable } from './tables/audit-trail.table';
import type { NcActionsTable, NcCasesTable } from './tables/nc-cases.table';
import type { NotificationsTable } from './tables/notifications.table';
import type { PeopleTable } from './tables/people.table';
import type { RateLimitCountersTable } from './tables/rate-limit-counters.table';
import type { ReviewCyclesTable, ReviewsTable } from './tables/reviews.table';
import type { SignInLinksTable } from './tables/sign-in-links.table';
import type { TasksTable } from './tables/tasks.table';
import type { WebSessionsTable } from './tables/web-sessions.table';

export interface Database {
  people: PeopleTable;
  api_tokens: ApiTokensTable;
  audit_trail: AuditTrailTable;
  notifications: NotificationsTable;
  aims: AimsTable;
  tasks: TasksTable;
  nc_cases: NcCasesTable;
  nc_actions: NcActionsTable;
  soa_entries: SoaEntriesTable;
  audit_programmes: AuditProgrammesTable;
  audits: AuditsTable;
  audit_results: AuditResultsTable;
  certifications: CertificationsTable;
  reviews: ReviewsTable;
  review_cycles: ReviewCyclesTable;
  feed_tokens: FeedTokensTable;
  attention_items: AttentionItemsTable;
  web_sessions: WebSessionsTable;
  sign_in_links: SignInLinksTable;
  rate_limit_counters: RateLimitCountersTable;
  ai_systems: AiSystemsTable;
  ai_risks: AiRisksTable;
  documents: DocumentsTable;
  suppliers: SuppliersTable;
  readiness_snapshots: ReadinessSnapshotsTable;
}

export type Db = Kysely<Database>;
/** Repositories take either: the transaction is opened at the edge (route or activity). */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;
