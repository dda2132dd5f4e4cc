/** The audits of the certification record an evidence package is built for. */
export const PACKAGE_KINDS = ['stage1', 'stage2', 'surveillance', 'recertification'] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

export const evidencePackageWorkflowId = (packageId: string): string => `evidence-package-${packageId}`;
