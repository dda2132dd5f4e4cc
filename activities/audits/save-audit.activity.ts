import type { Db } from '../../db/database';
import { getAuditNumber, upsertAuditIfNewer, upsertAuditResult } from '../../db/repositories/audit.repository';
import { upsertProgrammeIfNewer } from '../../db/repositories/programme.repository';
import { saveItem } from '../../db/save-item';
import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import type { AuditState, ProgrammeState } from '../../domain/audit';
import type { WorkflowChange } from '../../domain/workflow-change';

/** Writes an audit, its results and tasks, and the change's audit-trail entries, in one transaction. */
export function createSaveAudit({ db }: { db: Db }) {
  return async function saveAudit(input: { state: AuditState; changes: WorkflowChange[]; emails?: QueuedEmail[] }): Promise<{ number: number }> {
    const s = input.state;
    return db.transaction().execute(async (trx) => {
      const row = {
        id: s.id,
        aims_id: s.aimsId,
        workflow_id: s.workflowId,
        occurrence_index: s.occurrenceIndex,
        status: s.status,
        scope: s.scope,
        fieldwork_start: s.fieldworkStart,
        fieldwork_end: s.fieldworkEnd,
        lead_auditor_id: s.leadAuditorId,
        auditee_ids: s.auditeeIds,
        report_summary: s.reportSummary,
        reported_at: s.reportedAt ? new Date(s.reportedAt) : null,
        version: s.version,
      };
      const saved = await saveItem(trx, {
        workflowId: s.workflowId,
        aimsId: s.aimsId,
        changes: input.changes,
        emails: input.emails,
        upsert: (t) => upsertAuditIfNewer(t, row),
        afterSaved: async (t) => {
          for (const [itemId, finding] of Object.entries(s.results)) {
            const result = {
              audit_id: s.id,
              item_id: itemId,
              result: finding.result,
              evidence: finding.evidence,
              case_id: finding.caseId,
              recorded_by: finding.recordedBy,
              recorded_at: new Date(finding.recordedAt),
            };
            await upsertAuditResult(t, result);
          }
        },
        tasks: { list: Object.values(s.tasks), version: s.version },
      });
      const number = saved?.number ?? (await getAuditNumber(trx, s.id));
      return { number };
    });
  };
}

/** Writes the programme's state and the change's audit-trail entries. */
export function createSaveProgramme({ db }: { db: Db }) {
  return async function saveProgramme(input: { state: ProgrammeState; changes: WorkflowChange[] }): Promise<void> {
    const s = input.state;
    await db.transaction().execute(async (trx) => {
      const row = {
        aims_id: s.aimsId,
        workflow_id: s.workflowId,
        cadence: s.cadence,
        anchor_date: s.anchorDate,
        paused: s.paused,
        next_index: s.nextIndex,
        overrides: JSON.stringify({ generation: s.generation, occurrences: s.overrides }),
        version: s.version,
        updated_at: new Date(),
      };
      await saveItem(trx, {
        workflowId: s.workflowId,
        aimsId: s.aimsId,
        changes: input.changes,
        upsert: (t) => upsertProgrammeIfNewer(t, row),
      });
    });
  };
}
