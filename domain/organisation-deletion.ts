/** The one deletion of an organisation: a second request finds it running (or done) under the same id. */
export const organisationDeletionWorkflowId = (organisationId: string): string => `organisation-deletion-${organisationId}`;

export interface OrganisationDeletionInput {
  organisationId: string;
}
