import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { AuditFinding, AuditState, Cadence, ProgrammeState } from '../../domain/audit';

// The contracts of the audit programme and internal audit workflows, imported by the API.

export type ProgrammeInput =
  { kind: 'new'; aimsId: string; cadence: Cadence; anchorDate: string; actor: Actor } | { kind: 'continued'; state: ProgrammeState; seq: number };

export const pauseProgrammeUpdate = defineUpdate<void, [Actor, { reason: string }]>('pauseProgramme');
export const resumeProgrammeUpdate = defineUpdate<void, [Actor, { reason: string }]>('resumeProgramme');
export const moveOccurrenceUpdate = defineUpdate<void, [Actor, { index: number; fieldworkStart: string; reason: string }]>('moveOccurrence');
export const skipOccurrenceUpdate = defineUpdate<void, [Actor, { index: number; reason: string }]>('skipOccurrence');
export const changeCadenceUpdate = defineUpdate<void, [Actor, { cadence: Cadence; anchorDate: string; reason: string }]>('changeCadence');
export const programmeStateQuery = defineQuery<ProgrammeState>('programmeState');
export const programmeRecordedUpdate = defineUpdate<void>('programmeRecorded');

export interface AuditInput {
  auditId: string;
  aimsId: string;
  cadence: Cadence;
  anchorDate: string;
  occurrenceIndex: number;
  fieldworkStart: string;
}

export interface ResultEntry {
  itemId: string;
  result: AuditFinding['result'];
  evidence: string;
  ownerId: string | null;
}

export const assignAuditTeamUpdate = defineUpdate<void, [Actor, { leadAuditorId: string; auditeeIds: string[] }]>('assignAuditTeam');
export const recordResultsUpdate = defineUpdate<void, [Actor, { results: ResultEntry[] }]>('recordResults');
export const completeFieldworkUpdate = defineUpdate<void, [Actor, Record<string, never>]>('completeFieldwork');
export const submitReportUpdate = defineUpdate<void, [Actor, { summary: string }]>('submitReport');
export const auditStateQuery = defineQuery<AuditState>('auditState');
export const auditRecordedUpdate = defineUpdate<{ number: number }>('auditRecorded');
