import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, so that `temporal workflow list --query` finds certifications by
 * status and next due date. They must exist in the namespace before a workflow sets them: the
 * dev server registers them at start, the worker registers them elsewhere (see
 * temporal/search-attributes.ts); Temporal Cloud needs them created once in its console.
 */
export const CERTIFICATION_STATUS = defineSearchAttributeKey('CertificationStatus', SearchAttributeType.KEYWORD);
export const CERTIFICATION_NEXT_DUE = defineSearchAttributeKey('CertificationNextDue', SearchAttributeType.DATETIME);

export const SEARCH_ATTRIBUTES = [CERTIFICATION_STATUS, CERTIFICATION_NEXT_DUE];
