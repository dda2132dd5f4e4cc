import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { Severity } from '../../domain/nc-case';
import type { SupplierFacts, SupplierReviewOutcome, SupplierState } from '../../domain/supplier';

// The supplier workflow's contract, imported by the API.

export type SupplierInput =
  | { kind: 'new'; supplier: { id: string; aimsId: string; facts: SupplierFacts; firstReviewDue: string | null }; actor: Actor }
  | { kind: 'continued'; state: SupplierState; seq: number };

/** A review's record; a failed one raises a nonconformity of `ncSeverity`, owned by the supplier's owner. */
export interface SupplierReviewInput {
  outcome: SupplierReviewOutcome;
  findings: string;
  ncSeverity: Severity;
}

export const supplierRecordedUpdate = defineUpdate<void>('supplierRecorded');
export const updateSupplierUpdate = defineUpdate<void, [Actor, Partial<SupplierFacts>]>('updateSupplier');
export const recordSupplierReviewUpdate = defineUpdate<{ caseId: string | null }, [Actor, SupplierReviewInput]>('recordSupplierReview');
export const retireSupplierUpdate = defineUpdate<void, [Actor, { reason: string }]>('retireSupplier');
export const supplierStateQuery = defineQuery<SupplierState>('supplierState');
