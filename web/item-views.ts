import type { ApiAnswer } from '../api/routes';
import type { EvidenceSection, ItemView } from './pages/item.page';

// Turns the API's own answers (GET /cases/:id, /audits/:id, /reviews/:id, /aims/:id/certification)
// into the one shape the item page shows, so the page reads exactly what the API returns: each
// view takes the answer as the route's response schema types it.

export type CaseAnswer = ApiAnswer<'get', '/cases/:id'>;
export type AuditAnswer = ApiAnswer<'get', '/audits/:id'>;
export type ReviewAnswer = ApiAnswer<'get', '/reviews/:id'>;
export type CertificationAnswer = ApiAnswer<'get', '/aims/:id/certification'>;

/** A case's evidence files (the API's own list) and the steps an upload may name: containment, each action, effectiveness. */
export function caseEvidenceSection(d: CaseAnswer, files: ApiAnswer<'get', '/cases/:id/evidence'>): EvidenceSection {
  return {
    uploadPath: `/ui/cases/${d.id}/evidence`,
    caption: 'Evidence files',
    heading: 'Add an evidence file',
    whole: 'the case',
    steps: [
      { value: 'containment', label: 'Containment and correction' },
      ...d.actions.map((a) => ({ value: `action:${a.id}`, label: `Action: ${a.title}` })),
      { value: 'effectiveness', label: 'Effectiveness review' },
    ],
    files: files.items.map((f) => ({ ...f, href: `/ui/evidence/${f.id}` })),
  };
}

export function caseView(d: CaseAnswer): ItemView {
  return {
    heading: `[${d.reference}] ${d.title}`,
    facts: [
      ['Status', d.status],
      ['Severity', d.severity],
      ['Source', d.source],
      ['Owner', `person:${d.ownerId}`],
      ['Verifier', d.verifierId ? `person:${d.verifierId}` : null],
      ['Raised on', d.raisedOn],
      ['Clause or control', d.clauseRef],
      ['Next due', d.nextDueDate],
      ['Description', d.description],
    ],
    tables: [
      {
        caption: 'Actions',
        head: ['Action', 'Owner', 'Due', 'Status', 'Evidence'],
        rows: d.actions.map((a) => [a.title, `person:${a.ownerId}`, a.dueDate, a.status, a.evidence ?? '']),
      },
    ],
    links: d.auditId ? [{ text: 'The audit that found it', href: `/ui/audits/${d.auditId}` }] : [],
    tasks: d.tasks,
    timeline: d.timeline,
    caseCommand: ['closed', 'cancelled'].includes(d.status)
      ? { path: `/cases/${d.id}/reopening`, kind: 'reopening' }
      : { path: `/cases/${d.id}/cancellation`, kind: 'cancellation' },
  };
}

export function auditView(d: AuditAnswer): ItemView {
  const results = new Map(d.results.map((r) => [r.itemId, r]));
  return {
    heading: `[${d.reference}] Internal audit`,
    facts: [
      ['Status', d.status],
      ['Fieldwork', `${d.fieldworkStart} – ${d.fieldworkEnd}`],
      ['Lead auditor', d.leadAuditorId ? `person:${d.leadAuditorId}` : null],
      ['Auditees', d.auditeeIds.map((id) => `person:${id}`).join(', ') || null],
      ['Report', d.reportSummary],
    ],
    tables: [
      {
        caption: 'Scope and results',
        head: ['Item', 'Title', 'Result', 'Evidence'],
        rows: d.scope.map((s) => [s.id, s.title, results.get(s.id)?.result.replaceAll('_', ' ') ?? '—', results.get(s.id)?.evidence ?? '']),
      },
    ],
    links: [
      ...d.results.flatMap((r) => (r.caseId ? [{ text: `Case for ${r.itemId}`, href: `/ui/cases/${r.caseId}` }] : [])),
      { text: 'Audit report (PDF)', href: `/ui/audits/${d.id}/report.pdf` },
      { text: 'Raise a nonconformity from this audit', href: `/ui/cases/new?aimsId=${d.aimsId}&source=internal_audit&auditId=${d.id}` },
    ],
    tasks: d.tasks,
    timeline: d.timeline,
  };
}

export function reviewView(d: ReviewAnswer): ItemView {
  return {
    heading: `[${d.reference}] Management review`,
    facts: [
      ['Status', d.status],
      ['Meeting', `${d.meetingAt.slice(0, 16).replace('T', ' ')} UTC`],
      ['Chair', `person:${d.chairId}`],
      ['Minutes', d.minutes],
    ],
    tables: [],
    links: [
      { text: 'Review pack', href: `/ui/reviews/${d.id}/pack` },
      { text: 'Meeting record and approval', href: `/ui/reviews/${d.id}/minutes` },
      { text: 'Review pack (PDF)', href: `/ui/reviews/${d.id}/pack.pdf` },
      { text: 'Minutes (PDF)', href: `/ui/reviews/${d.id}/minutes.pdf` },
      { text: 'Raise a nonconformity from this review', href: `/ui/cases/new?aimsId=${d.aimsId}&source=management_review` },
    ],
    tasks: d.tasks,
    timeline: d.timeline,
  };
}

export function certificationView(d: CertificationAnswer): ItemView {
  return {
    heading: `Certification, cycle ${d.cycle}`,
    facts: [
      ['Status', d.status],
      ['Certification body', d.certificationBody],
      ['Decision', d.decisionDate],
      ['Expires', d.expiryDate],
      ['Next due', d.nextDue ? `${d.nextDue.item} by ${d.nextDue.date}` : null],
    ],
    tables: [{ caption: 'External audits due', head: ['Audit', 'Due by'], rows: d.plannedAudits.map((p) => [p.kind, p.dueDate]) }],
    links: [
      { text: 'Record stages, the decision and external audits', href: `/ui/aims/${d.aimsId}/certification/record` },
      { text: 'Raise a nonconformity from an external audit', href: `/ui/cases/new?aimsId=${d.aimsId}&source=external_audit` },
    ],
    tasks: d.openTasks.map((t) => ({ ...t, overdue: false })),
    timeline: [],
  };
}
