import type { ApiAnswer } from '../api/routes';
import type { ItemView } from './pages/item.page';

// The AI system page (`/ui/ai-systems/{id}`) from the API's own answer to GET /ai-systems/:id.

export type AiSystemAnswer = ApiAnswer<'get', '/ai-systems/:id'>;

const label = (value: string) => value.replaceAll('_', ' ');

export function aiSystemView(d: AiSystemAnswer): ItemView {
  const cycles = [...(d.currentAssessment ? [d.currentAssessment] : []), ...d.completedAssessments];
  const latestRisks = cycles.find((c) => c.risk)?.risk?.risks ?? [];
  const latestImpacts = cycles.find((c) => c.impact)?.impact?.impacts ?? [];
  const state = (s: { approvedAt: string | null } | null) => (!s ? 'not submitted' : s.approvedAt ? 'approved' : 'awaiting approval');
  return {
    heading: `AI system: ${d.name}`,
    facts: [
      ['Status', d.status],
      ['Purpose', d.purpose],
      ['Our role', d.role],
      ['Owner', `person:${d.ownerId}`],
      ['Risk owner', `person:${d.riskOwnerId}`],
      ['Lifecycle stage', label(d.lifecycleStage)],
      ['Deployment', d.deploymentStatus],
      ['Risk classification', d.riskClassification],
      ['Intended users', d.intendedUsers || null],
      ['Affected people', d.affectedPeople || null],
      ['Data used', d.dataUsed.join(', ') || null],
      ['Third-party components', d.thirdPartyComponents.join(', ') || null],
      ['Suppliers', d.suppliers.join(', ') || null],
      ['Assessment open, due', d.currentAssessmentDue],
      ['Next planned assessment', d.nextPlannedDue],
      ['Last completed', d.lastCompletedOn],
    ],
    tables: [
      {
        caption: 'Assessments',
        head: ['Reason', 'Due', 'Risk assessment', 'Impact assessment', 'Completed'],
        rows: cycles.map((c) => [label(c.reason), c.dueDate, state(c.risk), state(c.impact), c.completedOn ?? '']),
      },
      {
        caption: 'Risks (latest risk assessment)',
        head: ['Source', 'Risk', 'Level', 'Controls', 'Treatment', 'Residual level'],
        rows: latestRisks.map((r) => [r.source, r.description, r.level, r.controls.join(', '), r.treatment, r.residualLevel]),
      },
      {
        caption: 'Impacts (latest impact assessment)',
        head: ['Dimension', 'On', 'Impact', 'Level', 'Mitigations'],
        rows: latestImpacts.map((i) => [label(i.dimension), i.subjects.join(', '), i.description, i.level, i.mitigations]),
      },
      {
        caption: 'Significant changes',
        head: ['Recorded', 'Kind', 'Description'],
        rows: d.significantChanges.map((c) => [c.recordedAt.slice(0, 10), label(c.kind), c.description]),
      },
    ],
    links: [{ text: 'The AI system register', href: `/ui/aims/${d.aimsId}/ai-systems` }],
    tasks: d.tasks,
    timeline: d.timeline,
  };
}
