import type { Db } from '../../db/database';
import { findPersonNames } from '../../db/repositories/people.repository';
import { listCases, type CaseFilter } from '../case-queries';

const PAGE = 200;

/** The register's columns, in order: what the CSV and the XLSX both carry. */
export const REGISTER_COLUMNS = [
  'Reference',
  'Title',
  'Severity',
  'Source',
  'Status',
  'Owner',
  'Owner id',
  'Raised on',
  'Next due',
  'Overdue',
  'Clause or control',
  'AIMS id',
] as const;

export interface RegisterRow {
  reference: string;
  title: string;
  severity: string;
  source: string;
  status: string;
  owner: string;
  ownerId: string;
  raisedOn: string;
  nextDueDate: string | null;
  overdue: boolean;
  clauseRef: string | null;
  aimsId: string;
}

/**
 * Every case the register's filters find (not one page), in the register's own order, through
 * the same `listCases` as `GET /cases`, so an export cannot disagree with the API's answer.
 */
export async function loadRegisterRows(db: Db, now: Date, viewerId: string, filter: Omit<CaseFilter, 'limit' | 'offset'>): Promise<RegisterRow[]> {
  const items: Awaited<ReturnType<typeof listCases>>['items'] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listCases(db, now, viewerId, { ...filter, limit: PAGE, offset });
    items.push(...page.items);
    if (page.items.length < PAGE || items.length >= page.total) break;
  }
  const ownerIds = [...new Set(items.map((i) => i.ownerId))];
  const names = new Map((ownerIds.length ? await findPersonNames(db, ownerIds) : []).map((p) => [p.id, p.name]));
  return items.map((i) => ({
    reference: i.reference,
    title: i.title,
    severity: i.severity,
    source: i.source,
    status: i.status,
    owner: names.get(i.ownerId) ?? '',
    ownerId: i.ownerId,
    raisedOn: i.raisedOn,
    nextDueDate: i.nextDueDate,
    overdue: i.overdue,
    clauseRef: i.clauseRef,
    aimsId: i.aimsId,
  }));
}
