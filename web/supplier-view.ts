import type { ApiAnswer } from '../api/routes';
import type { ItemView } from './pages/item.page';

// The supplier page (`/ui/suppliers/{id}`) from the API's own answer to GET /suppliers/:id.

export function supplierView(d: ApiAnswer<'get', '/suppliers/:id'>): ItemView {
  return {
    heading: `Supplier: ${d.name}`,
    facts: [
      ['Status', d.status],
      ['Kind', d.kind.replaceAll('_', ' ')],
      ['Criticality', d.criticality],
      ['Owner', `person:${d.ownerId}`],
      ['Provides', d.description || null],
      ['Review open, due', d.reviewDue],
      ['Next planned review', d.nextReviewDue],
      ['Last review', d.lastReviewOn === null ? null : `${d.lastReviewOn} (${d.lastOutcome})`],
    ],
    tables: [
      {
        caption: 'Reviews',
        head: ['Completed', 'Due', 'Outcome', 'Findings', 'Nonconformity'],
        rows: d.reviews.map((r) => [r.completedOn, r.dueDate ?? '', r.outcome, r.findings, r.caseId ?? '']),
      },
    ],
    links: [
      { text: 'The supplier register', href: `/ui/aims/${d.aimsId}/suppliers` },
      ...d.aiSystemIds.map((id) => ({ text: `Dependent AI system ${id.slice(0, 8)}`, href: `/ui/ai-systems/${id}` })),
      ...d.reviews.filter((r) => r.caseId).map((r) => ({ text: `Nonconformity from the review of ${r.completedOn}`, href: `/ui/cases/${r.caseId}` })),
    ],
    tasks: d.tasks,
    timeline: d.timeline,
  };
}
