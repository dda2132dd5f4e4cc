import { html } from '../../domain/html';
import { page } from '../layout';

export interface SignInPageData {
  next?: string;
  error?: string;
  /** The single sign-on button's wording, when single sign-on is on. */
  sso?: string;
  /** Whether the API-token fallback is offered at all. */
  tokenFallback: boolean;
}

const withNext = (path: string, next: string | undefined) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

/** Signing in: an emailed single-use link, single sign-on when configured, an API token as the admins' fallback. */
export function signInPage(d: SignInPageData): string {
  return page({
    title: 'Sign in',
    body: html`${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ''}
      <form class="card" method="post" action="/ui/sign-in" aria-label="Sign in by email">
        <label for="email">Your email address</label>
        <input id="email" name="email" type="email" autocomplete="email" required size="40" maxlength="254" />
        <p class="muted">We email you a link that signs you in; it works once, for a few minutes.</p>
        ${d.next ? html`<input type="hidden" name="next" value="${d.next}" />` : ''}
        <p><button type="submit">Email me a link</button></p>
      </form>
      ${d.sso ? html`<p class="card"><a href="${withNext('/ui/sign-in/sso', d.next)}">Continue with ${d.sso}</a></p>` : ''}
      ${d.tokenFallback ? tokenForm(d.next) : ''}`,
  });
}

/** The admins' fallback, on the sign-in page itself and on a page of its own. */
function tokenForm(next: string | undefined) {
  return html`<form class="card" method="post" action="/ui/sign-in/token" aria-label="Sign in with an API token">
    <p class="muted">Administrators may sign in with an API token instead.</p>
    <label for="token">Your API token</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required size="50" />
    <p class="muted">The token is checked once; the pages then keep a session of their own, never the token.</p>
    ${next ? html`<input type="hidden" name="next" value="${next}" />` : ''}
    <p><button type="submit">Sign in</button></p>
  </form>`;
}

/** The admins' fallback alone: pasting an API token. */
export function tokenSignInPage(error?: string, next?: string): string {
  return page({
    title: 'Sign in with an API token',
    body: html`${error ? html`<p class="error" role="alert">${error}</p>` : ''}${tokenForm(next)}
      <p><a href="${withNext('/ui/sign-in', next)}">Sign in by email instead</a></p>`,
  });
}

/** The same answer whether or not the address is known. */
export function checkEmailPage(email: string, minutes: number): string {
  return page({
    title: 'Check your email',
    body: html`<p class="notice" role="status">If ${email} belongs to someone here, a sign-in link is on its way to it.</p>
      <p>The link works once, within ${minutes} minutes. Nothing arrived? Check the spam folder, or <a href="/ui/sign-in">ask for another link</a>.</p>`,
  });
}
