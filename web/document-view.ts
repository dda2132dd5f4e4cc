import type { ApiAnswer } from '../api/routes';
import { html } from '../domain/html';
import type { EvidenceSection, ItemView } from './pages/item.page';

// The document page (`/ui/documents/{id}`) from the API's own answer to GET /documents/:id.

export type DocumentAnswer = ApiAnswer<'get', '/documents/:id'>;
export type DocumentFiles = ApiAnswer<'get', '/documents/:id/files'>;

/** Where a version lives: its stored file (downloaded through the API's own route, with its hash) or its link. */
const versionSource = (v: DocumentAnswer['versions'][number]) =>
  v.file ? html`<a href="/ui/evidence/${v.file.id}">${v.file.filename}</a> <span class="muted">SHA-256 <code>${v.file.sha256}</code></span>` : (v.link ?? '');

/** The document's stored files and, while it is not retired, the form that uploads one for a new version. */
export function documentFilesSection(d: DocumentAnswer, files: DocumentFiles): EvidenceSection {
  return {
    uploadPath: d.status === 'retired' ? null : `/ui/documents/${d.id}/files`,
    caption: 'Stored files',
    heading: 'Upload a file for a new version',
    whole: 'the document',
    steps: [],
    files: files.items.map((f) => ({ ...f, href: `/ui/evidence/${f.id}` })),
  };
}

const label = (value: string) => value.replaceAll('_', ' ');

export function documentView(d: DocumentAnswer): ItemView {
  return {
    heading: `Document: ${d.title}`,
    facts: [
      ['Status', label(d.status)],
      ['Kind', d.kind],
      ['Owner', `person:${d.ownerId}`],
      ['Approvers', d.approverIds.map((id) => `person:${id}`).join(', ')],
      ['Addresses', d.addresses.join(', ') || null],
      ['Review interval (months)', d.reviewMonths === null ? "the AIMS's policy" : String(d.reviewMonths)],
      ['Version in force', d.currentVersion === null ? null : String(d.currentVersion)],
      ['Last approved', d.lastApprovedOn],
      ['Review open, due', d.reviewDue === null ? null : `${d.reviewDue}${d.reviewOverdue ? ' (overdue)' : ''}`],
      ['Next planned review', d.nextReviewDue],
    ],
    tables: [
      {
        caption: 'Versions',
        head: ['Version', 'Status', 'File or link', 'Change summary', 'Approved on', 'Rejection', 'Acknowledged'],
        rows: d.versions.map((v) => [
          String(v.number),
          label(v.status),
          versionSource(v),
          v.changeSummary,
          v.approvedOn ?? '',
          v.rejection?.reason ?? '',
          v.toBeAcknowledged ? `${v.acknowledgements.length} of ${v.audienceIds.length}` : 'not asked',
        ]),
      },
    ],
    links: [{ text: 'The document register', href: `/ui/aims/${d.aimsId}/documents` }],
    tasks: d.tasks,
    timeline: d.timeline,
  };
}
