import type { Migration } from 'kysely';
import * as m20261127T1900 from './2026-11-27T1900-people-tokens-audit-trail';
import * as m20261127T1930 from './2026-11-27T1930-aims-tasks-cases';
import * as m20261127T2000 from './2026-11-27T2000-audit-programme';
import * as m20261127T2100 from './2026-11-27T2100-certification';
import * as m20261127T2130 from './2026-11-27T2130-management-review';
import * as m20261128T0900 from './2026-11-28T0900-feed-tokens';
import * as m20261202T1700 from './2026-12-02T1700-nc-numbers-per-aims';
import * as m20261202T1730 from './2026-12-02T1730-review-cycles';
import * as m20261202T1745 from './2026-12-02T1745-attention-items';
import * as m20261202T1800 from './2026-12-02T1800-nc-action-task-ids';
import * as m20261203T0100 from './2026-12-03T0100-sessions-sign-in-links';
import * as m20261203T0500 from './2026-12-03T0500-ai-systems';
import * as m20261204T0100 from './2026-12-04T0100-organisations-memberships';
import * as m20261204T0200 from './2026-12-04T0200-audit-trail-chain';
import * as m20261204T0210 from './2026-12-04T0210-evidence-files';
import * as m20261204T0300 from './2026-12-04T0300-documents';
import * as m20261204T0310 from './2026-12-04T0310-suppliers';
import * as m20261204T0320 from './2026-12-04T0320-readiness-snapshots';
import * as m20261204T0400 from './2026-12-04T0400-send-claims-task-item-index';
import * as m20261205T0100 from './2026-12-05T0100-session-organisation';
import * as m20261205T0200 from './2026-12-05T0200-evidence-packages';
import * as m20261205T0600 from './2026-12-05T0600-external-auditor-grants';
import * as m20261207T0100 from './2026-12-07T0100-organisation-deletion';
import * as m20261207T0200 from './2026-12-07T0200-evidence-store-kinds';
import * as m20261207T0300 from './2026-12-07T0300-overdue-indexes';
import * as m20261209T0900 from './2026-12-09T0900-email-outbox';
import * as m20261209T1000 from './2026-12-09T1000-audit-chain-heads';

/** Every migration, in order. Listed by hand so that a bundle or a stray file cannot reorder them. */
export const migrations: Record<string, Migration> = {
  '2026-11-27T1900-people-tokens-audit-trail': m20261127T1900,
  '2026-11-27T1930-aims-tasks-cases': m20261127T1930,
  '2026-11-27T2000-audit-programme': m20261127T2000,
  '2026-11-27T2100-certification': m20261127T2100,
  '2026-11-27T2130-management-review': m20261127T2130,
  '2026-11-28T0900-feed-tokens': m20261128T0900,
  '2026-12-02T1700-nc-numbers-per-aims': m20261202T1700,
  '2026-12-02T1730-review-cycles': m20261202T1730,
  '2026-12-02T1745-attention-items': m20261202T1745,
  '2026-12-02T1800-nc-action-task-ids': m20261202T1800,
  '2026-12-03T0100-sessions-sign-in-links': m20261203T0100,
  '2026-12-03T0500-ai-systems': m20261203T0500,
  '2026-12-04T0100-organisations-memberships': m20261204T0100,
  '2026-12-04T0200-audit-trail-chain': m20261204T0200,
  '2026-12-04T0210-evidence-files': m20261204T0210,
  '2026-12-04T0300-documents': m20261204T0300,
  '2026-12-04T0310-suppliers': m20261204T0310,
  '2026-12-04T0320-readiness-snapshots': m20261204T0320,
  '2026-12-04T0400-send-claims-task-item-index': m20261204T0400,
  '2026-12-05T0100-session-organisation': m20261205T0100,
  '2026-12-05T0200-evidence-packages': m20261205T0200,
  '2026-12-05T0600-external-auditor-grants': m20261205T0600,
  '2026-12-07T0100-organisation-deletion': m20261207T0100,
  '2026-12-07T0200-evidence-store-kinds': m20261207T0200,
  '2026-12-07T0300-overdue-indexes': m20261207T0300,
  '2026-12-09T0900-email-outbox': m20261209T0900,
  '2026-12-09T1000-audit-chain-heads': m20261209T1000,
};
