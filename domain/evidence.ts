/**
 * The media types an evidence file may have, as sniffed from its bytes: documents, spreadsheets,
 * images and plain text an auditor can open. Anything else (executables, archives, unknown
 * binary) is refused with 415 naming the type found.
 */
export const ACCEPTED_EVIDENCE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain',
  'text/csv',
] as const;

/** The steps of a case an upload may name: the steps that take evidence. */
export const CASE_EVIDENCE_STEP = /^(containment|effectiveness|action:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
