import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { page } from '../layout';

export interface FeedsData {
  person: Person;
  /** When the active feed link was made; null when there is none. */
  activeSince: Date | null;
  /** Shown once, right after a new link is made: the secret is stored only as a hash. */
  /** What POST /feeds/token answered: the new links, shown once. */
  issued?: ApiAnswer<'post', '/feeds/token'>;
  notice?: string;
}

/** Calendar subscriptions: make a new private link (replacing the old one) or revoke it. */
export function feedsPage(d: FeedsData): string {
  const issued = d.issued
    ? html`<section class="card" aria-labelledby="new-links">
        <h2 id="new-links">Your new calendar links</h2>
        <p>Copy them now: they are shown only once. Anyone with a link sees what it shows, until you revoke it.</p>
        <label for="feed-person">My due dates</label><input id="feed-person" class="feed-url" readonly size="90" value="${d.issued.personFeedUrl}" />
        ${d.issued.aimsFeedUrls.map((a, i) => html`<label for="feed-aims-${i}">Audits, reviews and external audits: ${a.name}</label><input id="feed-aims-${i}" class="feed-url" readonly size="90" value="${a.url}" />`)}
      </section>`
    : '';
  const status = d.activeSince
    ? html`<p>You have an active calendar link, made ${d.activeSince.toISOString().slice(0, 16).replace('T', ' ')} UTC.</p>
        <form method="post" action="/ui/feeds/revocation"><button type="submit">Revoke my calendar links</button></form>`
    : html`<p>You have no active calendar link.</p>`;
  return page({
    title: 'Calendar feeds',
    person: d.person,
    body: html`${d.notice ? html`<p class="notice" role="status">${d.notice}</p>` : ''}${issued}
      <section class="card">
        <p>Subscribe in your calendar app to see your due dates, and each AIMS's audits, review meetings and external audits. Links update by themselves.</p>
        ${status}
        <form method="post" action="/ui/feeds"><button type="submit">${d.activeSince ? 'Replace with new links' : 'Make my calendar links'}</button></form>
      </section>`,
  });
}
