import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { page } from '../layout';

export interface TokensData {
  person: Person;
  tokens: ApiAnswer<'get', '/tokens'>['items'];
  /** Admins see everyone's tokens, with the holder's name. */
  everyone: boolean;
  /** What POST /tokens answered: the secret, shown once. */
  issued?: ApiAnswer<'post', '/tokens'>;
  notice?: string;
  error?: string;
}

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

/** API tokens for scripts and API clients (make, list, revoke), and signing out of every browser. */
export function tokensPage(d: TokensData): string {
  const issued = d.issued
    ? html`<section class="card" aria-labelledby="new-token">
        <h2 id="new-token">Your new API token</h2>
        <p>Copy it now: it is shown only once. Send it as <code>Authorization: Bearer …</code>.</p>
        <label for="new-token-value">Secret (shown once)</label><input id="new-token-value" class="token-secret" readonly size="60" value="${d.issued.token}" />
      </section>`
    : '';
  const rows = d.tokens.map(
    (t) =>
      html`<tr class="api-token">
        ${d.everyone ? html`<td>${t.personName}</td>` : ''}
        <td>${t.label}</td>
        <td>${when(t.createdAt)}</td>
        <td>${t.expiresAt ? when(t.expiresAt) : 'until revoked'}</td>
        <td>
          <form method="post" action="/ui/tokens/${t.id}/revocation" aria-label="Revoke ${t.label}"><button type="submit">Revoke</button></form>
        </td>
      </tr>`,
  );
  return page({
    title: 'API tokens',
    person: d.person,
    body: html`${d.notice ? html`<p class="notice" role="status">${d.notice}</p>` : ''}${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ''}${issued}
      <form class="card" method="post" action="/ui/tokens" aria-labelledby="make-token">
        <h2 id="make-token">Make a token</h2>
        <p class="muted">For scripts and API clients. The pages need none: you sign in with an emailed link.</p>
        <label for="token-label">Label</label>
        <input id="token-label" name="label" required maxlength="100" size="40" />
        <label for="token-expires">Last day it works (optional)</label>
        <input id="token-expires" name="expiresOn" type="date" />
        <p><button type="submit">Make a token</button></p>
      </form>
      <table>
        <caption>
          ${d.everyone ? "Everyone's active tokens" : 'My active tokens'}
        </caption>
        <thead>
          <tr>
            ${d.everyone ? html`<th scope="col">Person</th>` : ''}
            <th scope="col">Label</th>
            <th scope="col">Made</th>
            <th scope="col">Works until</th>
            <th scope="col"><span class="visually-hidden">Revoke</span></th>
          </tr>
        </thead>
        <tbody>
          ${
            rows.length
              ? rows
              : html`<tr>
                  <td colspan="${d.everyone ? 5 : 4}">No active token.</td>
                </tr>`
          }
        </tbody>
      </table>
      <section class="card" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Signed-in browsers</h2>
        <p>Lost a laptop, or signed in on a shared computer? End every session of yours, this one included.</p>
        <form method="post" action="/ui/sign-out/everywhere"><button type="submit">Sign out everywhere</button></form>
      </section>`,
  });
}
