import { html } from '../../domain/html';
import type { RenderedEmail } from './task-email';

export interface ExternalAuditorEmailData {
  recipientName: string;
  aimsName: string;
  /** The certification audit the access is for, in words (e.g. "stage 2 audit"); null when the period was given by hand. */
  auditLabel: string | null;
  from: string;
  until: string;
  timeZone: string;
  grantedBy: string;
  /** The sign-in page: the auditor enters this address there and is sent a one-time link. */
  signInUrl: string;
}

/** Tells the certification body's auditor what they may read, for how long, and how to sign in. */
export function renderExternalAuditorEmail(d: ExternalAuditorEmailData): RenderedEmail {
  const purpose = d.auditLabel ? ` for the ${d.auditLabel}` : '';
  const lead = `${d.grantedBy} has given you read-only access to the AI management system "${d.aimsName}"${purpose}, from ${d.from} until ${d.until} inclusive (${d.timeZone}).`;
  const how = 'To sign in, open the address below and enter this email address: you will be sent a link that works once.';
  const scope =
    'You can read its records, reports and evidence, and download its exports and evidence packages; every view and download is recorded in its audit trail.';
  return {
    subject: `Read-only access to ${d.aimsName}, ${d.from} to ${d.until}`,
    text: [`Hello ${d.recipientName},`, '', lead, '', scope, '', how, d.signInUrl, '', '-- AIMS cycles'].join('\n'),
    html: html`<p>Hello ${d.recipientName},</p>
      <p>${lead}</p>
      <p>${scope}</p>
      <p>${how}</p>
      <p><a href="${d.signInUrl}">Sign in to AIMS cycles</a></p>`.value,
  };
}
