import { html } from '../../domain/html';
import type { RenderedEmail } from './task-email';

export interface SignInEmailData {
  recipientName: string;
  /** The confirmation page of the link (the secret is in its query). */
  linkUrl: string;
  minutes: number;
}

/** The single-use sign-in link a person asked for on the sign-in page. */
export function renderSignInEmail(d: SignInEmailData): RenderedEmail {
  const lead = `Someone (probably you) asked to sign in to AIMS cycles with this address. The link works once, within ${d.minutes} minutes.`;
  const ignore = 'If it was not you, ignore this email: nobody can sign in without the link.';
  return {
    subject: 'Your sign-in link for AIMS cycles',
    text: [`Hello ${d.recipientName},`, '', lead, '', `Sign in: ${d.linkUrl}`, '', ignore, '', '-- AIMS cycles'].join('\n'),
    html: html`<p>Hello ${d.recipientName},</p>
      <p>${lead}</p>
      <p><a href="${d.linkUrl}">Sign in to AIMS cycles</a></p>
      <p>${ignore}</p>`.value,
  };
}
