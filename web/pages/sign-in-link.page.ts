import { html } from '../../domain/html';
import type { LinkState } from '../../db/repositories/sign-in-links.repository';
import { page } from '../layout';

/**
 * The page an emailed link opens. Opening it uses nothing (mail scanners fetch links ahead of
 * the person): the person's own click on Continue posts the secret and signs them in.
 */
export function confirmSignInPage(secret: string): string {
  return page({
    title: 'Sign in',
    body: html`<form class="card" method="post" action="/ui/sign-in/link">
      <p>You are signing in to AIMS cycles with the link from your email.</p>
      <input type="hidden" name="token" value="${secret}" />
      <p><button type="submit">Continue</button></p>
    </form>`,
  });
}

const REASONS: Record<Exclude<LinkState, 'usable'>, string> = {
  used: 'This sign-in link has been used already: each link works once.',
  expired: 'This sign-in link has expired.',
  unknown: 'This sign-in link is not valid.',
};

/** A link that cannot sign anyone in, said plainly, with the way to a new one. */
export function refusedSignInLinkPage(state: Exclude<LinkState, 'usable'>): string {
  return page({
    title: 'Sign-in link not valid',
    body: html`<p class="error" role="alert">${REASONS[state]}</p>
      <p><a href="/ui/sign-in">Ask for a new sign-in link</a></p>`,
  });
}
