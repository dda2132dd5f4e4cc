import { html } from '../../domain/html';
import type { RenderedEmail } from './task-email';

export interface AttentionEmailData {
  recipientName: string;
  itemLabel: string;
  step: string;
  error: string;
  firstSeenAt: string;
  /** The API address of the attention list. */
  listUrl: string;
  /** The API address an operator posts to, after the fix. */
  retryUrl: string;
}

/** Tells the programme manager that some work of theirs is stuck, why, and how to resume it. */
export function renderAttentionEmail(d: AttentionEmailData): RenderedEmail {
  const lead = `The engine could not get past "${d.step}" for ${d.itemLabel} and has stopped that work until someone looks at it. Other items and timers go on.`;
  const reason = `Reason: ${d.error}`;
  const next = `Once the cause is fixed (a corrupt setting, a value the database refuses), resume it with POST ${d.retryUrl} (an admin or a programme manager).`;
  return {
    subject: `[Needs attention] ${d.itemLabel}: ${d.step} failed`,
    text: [
      `Hello ${d.recipientName},`,
      '',
      lead,
      '',
      reason,
      `First seen: ${d.firstSeenAt}`,
      '',
      next,
      '',
      `Open items: ${d.listUrl}`,
      '',
      '-- AIMS cycles',
    ].join('\n'),
    html: html`<p>Hello ${d.recipientName},</p>
      <p>${lead}</p>
      <p>${reason}<br />First seen: ${d.firstSeenAt}</p>
      <p>${next}</p>
      <p><a href="${d.listUrl}">Items needing attention</a></p>`.value,
  };
}
