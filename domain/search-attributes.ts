import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, so that `temporal workflow list --query` finds certifications by
 * status and next due date, and cases by status. They must exist in the namespace before a workflow sets them: the
 * dev server registers them at start, the worker registers them elsewhere (see
 * temporal/search-attributes.ts); Temporal Cloud needs them created once in its console.
 */
export const CERTIFICATION_STATUS = defineSearchAttributeKey('CertificationStatus', SearchAttributeType.KEYWORD);
export const CERTIFICATION_NEXT_DUE = defineSearchAttributeKey('CertificationNextDue', SearchAttributeType.DATETIME);

/**
 * A case's status: a closed case's workflow stays Running while it waits for a reopen, so
 * `ExecutionStatus = 'Running'` does not mean open; `CaseStatus` says where the case is.
 */
export const CASE_STATUS = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);

/**
 * The organisation that owns the workflow's AIMS, set when the workflow starts, so an operator
 * lists one organisation's workflows (`AimsOrganisationId = '<id>'`). An id, never a name:
 * search attributes are stored unencrypted, outside any payload codec.
 */
export const AIMS_ORGANISATION_ID = defineSearchAttributeKey('AimsOrganisationId', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [CERTIFICATION_STATUS, CERTIFICATION_NEXT_DUE, CASE_STATUS, AIMS_ORGANISATION_ID];

/**
 * The start options that index a workflow under its organisation; nothing where the deployment
 * has no search attributes (the time-skipping test server keeps no custom ones).
 */
export function organisationIndex(organisationId: string | undefined, enabled: boolean) {
  return enabled && organisationId ? { typedSearchAttributes: [{ key: AIMS_ORGANISATION_ID, value: organisationId }] } : {};
}
