import type { ApiAnswer } from '../api/routes';
import { CERTIFICATION_AUDITS } from '../domain/external-auditor';
import { REVIEW_INPUT_IDS } from '../domain/review';
import type { AuditAnswer, CertificationAnswer, ReviewAnswer } from './item-views';
import type { EvidenceSection } from './pages/item.page';

// The evidence card of the items besides cases and documents: the API's own list of the item's
// files and an upload form posting to the API's route, offering the steps that route accepts.

export type EvidenceList = ApiAnswer<'get', '/cases/:id/evidence'>;

function section(uploadPath: string, whole: string, steps: EvidenceSection['steps'], files: EvidenceList): EvidenceSection {
  return {
    uploadPath,
    caption: 'Evidence files',
    heading: 'Add an evidence file',
    whole,
    steps,
    files: files.items.map((f) => ({ ...f, href: `/ui/evidence/${f.id}` })),
  };
}

export const auditEvidenceSection = (d: AuditAnswer, files: EvidenceList) =>
  section(
    `/ui/audits/${d.id}/evidence`,
    'the audit',
    d.scope.map((s) => ({ value: `result:${s.id}`, label: `Result for ${s.id} ${s.title}` })),
    files,
  );

export const reviewEvidenceSection = (d: ReviewAnswer, files: EvidenceList) =>
  section(
    `/ui/reviews/${d.id}/evidence`,
    'the review',
    [...REVIEW_INPUT_IDS.map((i) => ({ value: `input:${i}`, label: `Input 9.3.2 ${i})` })), { value: 'minutes', label: 'Minutes' }],
    files,
  );

const AUDIT_LABELS: Record<(typeof CERTIFICATION_AUDITS)[number], string> = {
  stage1: 'Stage 1 audit',
  stage2: 'Stage 2 audit',
  'surveillance-1': 'Surveillance audit 1',
  'surveillance-2': 'Surveillance audit 2',
  recertification: 'Recertification audit',
};

export const certificationEvidenceSection = (d: CertificationAnswer, files: EvidenceList) =>
  section(
    `/ui/aims/${d.aimsId}/certification/evidence`,
    'the certification',
    CERTIFICATION_AUDITS.map((a) => ({ value: a, label: `Outcome of the ${AUDIT_LABELS[a]}` })),
    files,
  );

export const aiSystemEvidenceSection = (d: { id: string }, files: EvidenceList) =>
  section(
    `/ui/ai-systems/${d.id}/evidence`,
    'the AI system',
    [
      { value: 'risk', label: 'Risk assessment' },
      { value: 'impact', label: 'Impact assessment' },
    ],
    files,
  );

export const supplierEvidenceSection = (d: { id: string }, files: EvidenceList) =>
  section(`/ui/suppliers/${d.id}/evidence`, 'the supplier', [{ value: 'review', label: 'Periodic review' }], files);
