// The workflows the worker bundles. Every workflow of the product is exported from here; the
// bundle is built from this file alone, so nothing outside the deterministic sandbox leaks in.
export { auditProgrammeWorkflow } from './audits/audit-programme.workflow';
export { internalAuditWorkflow } from './audits/internal-audit.workflow';
export { ncCaseWorkflow } from './nc-case/nc-case.workflow';
export { certificationWorkflow } from './certification/certification.workflow';
export { managementReviewWorkflow } from './reviews/management-review.workflow';
export { reviewCycleWorkflow } from './reviews/review-cycle.workflow';
export { digestWorkflow } from './digests/digest.workflow';
export { aiSystemWorkflow } from './ai-systems/ai-system.workflow';
export { documentWorkflow } from './documents/document.workflow';
export { supplierWorkflow } from './suppliers/supplier.workflow';
export { readinessSnapshotWorkflow } from './readiness/readiness-snapshot.workflow';
export { evidencePackageWorkflow } from './evidence-packages/evidence-package.workflow';
export { organisationDeletionWorkflow } from './organisations/organisation-deletion.workflow';
