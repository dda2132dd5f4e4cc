import type { DbOrTrx } from '../database';

/** The kinds of item a route can name in its path; each belongs to one AIMS. */
export type ItemKind = 'aims' | 'case' | 'task' | 'audit' | 'review' | 'ai-system' | 'attention' | 'evidence' | 'document' | 'supplier';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The AIMS an item belongs to (and its organisation), one lookup per kind: what every scoped
 * route resolves before it acts. Undefined for an unknown id; `aims_id` null for an item of no
 * AIMS (an attention item of the digests). Ids that cannot be keys of the kind find nothing.
 */
export async function findItemAims(db: DbOrTrx, kind: ItemKind, id: string): Promise<{ aims_id: string | null; organisation_id: string | null } | undefined> {
  if (!UUID.test(id) && kind !== 'task') return undefined;
  const via = (table: 'nc_cases' | 'tasks' | 'audits' | 'reviews' | 'ai_systems' | 'attention_items' | 'evidence_files' | 'documents' | 'suppliers') =>
    (db as DbOrTrx)
      .selectFrom(`${table} as item` as 'tasks as item') // every one of these tables has id and aims_id
      .leftJoin('aims', 'aims.id', 'item.aims_id')
      .select(['item.aims_id', 'aims.organisation_id'])
      .where('item.id', '=', id)
      .executeTakeFirst();
  switch (kind) {
    case 'aims':
      return db.selectFrom('aims').select(['id as aims_id', 'organisation_id']).where('id', '=', id).executeTakeFirst();
    case 'case':
      return via('nc_cases');
    case 'task':
      return via('tasks');
    case 'audit':
      return via('audits');
    case 'review':
      return via('reviews');
    case 'ai-system':
      return via('ai_systems');
    case 'attention':
      return via('attention_items');
    case 'evidence':
      return via('evidence_files');
    case 'document':
      return via('documents');
    case 'supplier':
      return via('suppliers');
  }
}
