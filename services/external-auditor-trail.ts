import type { Db } from '../db/database';
import { recordChange } from '../db/repositories/audit-trail.repository';
import type { Person } from '../db/tables/people.table';

export interface ExternalAuditorRead {
  person: Pick<Person, 'id' | 'name'>;
  aimsId: string;
  grantId: string;
  /** `GET /cases/:id`, or the page's own path for a page view. */
  route: string;
  /** The path as requested, query included (the filters of a list or export). */
  path: string;
  itemType: string;
  itemId: string;
  /** A file (an export, an evidence file, a pack) rather than a view. */
  download: boolean;
  at: Date;
}

/**
 * Writes one external auditor's read into the AIMS's trail (issue #14: every view and download).
 * Its own transaction: `recordChange` holds the chain's lock until the transaction ends, and the
 * entry is written before anything is served, so no read goes unrecorded.
 */
export async function recordExternalRead(db: Db, read: ExternalAuditorRead): Promise<void> {
  await db.transaction().execute((trx) =>
    recordChange(trx, {
      aimsId: read.aimsId,
      actor: { id: read.person.id, label: read.person.name },
      at: read.at,
      entityType: read.itemType,
      entityId: read.itemId,
      action: read.download ? 'downloaded by external auditor' : 'viewed by external auditor',
      before: null,
      after: { route: read.route, path: read.path, grantId: read.grantId },
    }),
  );
}
