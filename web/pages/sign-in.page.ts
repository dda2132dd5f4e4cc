import { html } from '../../domain/html';
import { page } from '../layout';

/** Signing in with an API token (issued by an admin, as for the API). */
export function signInPage(error?: string, next?: string): string {
  return page({
    title: 'Sign in',
    body: html`${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form class="card" method="post" action="/ui/sign-in">
        <label for="token">Your API token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required size="50" />
        <p class="muted">The same token you use for the API; ask an admin for one.</p>
        ${next ? html`<input type="hidden" name="next" value="${next}" />` : ''}
        <p><button type="submit">Sign in</button></p>
      </form>`,
  });
}
