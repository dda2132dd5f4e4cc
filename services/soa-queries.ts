import type { Db } from '../db/database';
import { listLatestChangesUnder } from '../db/repositories/audit-trail.repository';
import { listSoaEntries } from '../db/repositories/soa.repository';
import { CONTROLS } from '../domain/reference/iso42001';

export interface SoaEntry {
  controlId: string;
  title: string;
  area: string;
  applicable: boolean;
  justification: string;
  changedBy: string | null;
  changedAt: string | null;
}

/**
 * The Statement of Applicability of an AIMS in the standard's order, with who last set each entry;
 * undefined when the AIMS has none (no such AIMS). `GET /aims/{id}/soa` and its PDF and XLSX read it.
 */
export async function listSoa(db: Db, aimsId: string): Promise<SoaEntry[] | undefined> {
  const [rows, changes] = await Promise.all([listSoaEntries(db, aimsId), listLatestChangesUnder(db, 'soa_entry', `${aimsId}/`)]);
  if (rows.length === 0) return undefined;
  const byId = new Map(rows.map((r) => [r.control_id, r]));
  const changed = new Map(changes.map((c) => [c.entity_id.slice(aimsId.length + 1), c]));
  return CONTROLS.filter((c) => byId.has(c.id)).map((c) => ({
    controlId: c.id,
    title: c.title,
    area: c.area,
    applicable: byId.get(c.id)!.applicable,
    justification: byId.get(c.id)!.justification,
    changedBy: changed.get(c.id)?.actor_label ?? null,
    changedAt: changed.get(c.id)?.occurred_at.toISOString() ?? null,
  }));
}
