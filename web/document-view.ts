import type { ApiAnswer } from '../api/routes';
import type { ItemView } from './pages/item.page';

// The document page (`/ui/documents/{id}`) from the API's own answer to GET /documents/:id.

export type DocumentAnswer = ApiAnswer<'get', '/documents/:id'>;

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
        head: ['Version', 'Status', 'Link', 'Change summary', 'Approved on', 'Rejection', 'Acknowledged'],
        rows: d.versions.map((v) => [
          String(v.number),
          label(v.status),
          v.link,
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
