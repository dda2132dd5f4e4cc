import type { Db } from '../../db/database';
import { listTrailEntries } from '../../db/repositories/audit-trail.repository';
import { listSoaEntries } from '../../db/repositories/soa.repository';
import { CONTROLS } from '../../domain/reference/iso42001';
import type { SoaEntry } from '../soa-queries';

/**
 * The Statement of Applicability as it stood at an instant, rebuilt from the trail: each
 * control's last `soa_entry` change made by then, else as the AIMS was set up (applicable, no
 * justification). So a change made after the instant does not reach a package as of it.
 */
export async function soaAsOf(db: Db, aimsId: string, asOf: Date): Promise<SoaEntry[]> {
  const [rows, changes] = await Promise.all([
    listSoaEntries(db, aimsId),
    listTrailEntries(db, aimsId, { entityType: 'soa_entry', to: new Date(asOf.getTime() + 1) }),
  ]);
  const controls = new Set(rows.map((r) => r.control_id));
  const last = new Map(changes.map((c) => [c.entity_id.slice(aimsId.length + 1), c]));
  return CONTROLS.filter((c) => controls.has(c.id)).map((c) => {
    const change = last.get(c.id);
    const after = change?.after as { applicable?: boolean; justification?: string } | null | undefined;
    return {
      controlId: c.id,
      title: c.title,
      area: c.area,
      applicable: after?.applicable ?? true,
      justification: after?.justification ?? '',
      changedBy: change?.actor_label ?? null,
      changedAt: change?.occurred_at.toISOString() ?? null,
    };
  });
}
