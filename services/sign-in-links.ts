import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../config/config';
import type { Db } from '../db/database';
import { findPersonByEmail } from '../db/repositories/people.repository';
import { insertSignInLink, peekSignInLink, useSignInLink, type LinkState } from '../db/repositories/sign-in-links.repository';
import type { Person } from '../db/tables/people.table';
import type { Mailer } from '../mail/mailer';
import { renderSignInEmail } from '../mail/templates/sign-in-email';
import { isOutsideEveryGrant } from './external-auditor-access';
import { spendAttempt } from './rate-limits';

export interface SignInDeps {
  db: Db;
  mailer: Mailer;
  config: Config;
  now: () => Date;
  log: { error(obj: object, msg: string): void };
}

/** The confirmation page a link leads to; the secret travels in its query. */
export const SIGN_IN_LINK_PATH = '/ui/sign-in/link';

/**
 * Emails a single-use sign-in link to the address if an active person has it; answers nothing
 * either way, so the page says the same whether or not the address is known. Rate-limited per
 * address and per client (429 with Retry-After) before anything is looked up. The email is sent
 * after the answer, so an unknown address takes no less time to answer than a known one.
 */
export async function requestSignInLink(deps: SignInDeps, request: { email: string; nextPath: string | undefined; client: string }): Promise<void> {
  const at = deps.now();
  const limits = deps.config.web.rateLimits;
  await spendAttempt(deps.db, limits.signInPerClient, 'sign-in-client', request.client, at);
  await spendAttempt(deps.db, limits.signInPerAddress, 'sign-in-address', request.email, at);
  const person = await findPersonByEmail(deps.db, request.email);
  if (!person?.active) return;
  // An external auditor outside their grant's period gets no link (it would lead nowhere).
  if (await isOutsideEveryGrant(deps.db, person.id, at)) return;
  const send = await storeSignInLink(deps, person, request.nextPath ?? null);
  send().catch((error: unknown) => deps.log.error({ err: error, personId: person.id }, 'the sign-in email could not be sent'));
}

/**
 * Stores a new single-use link for the person and returns the sending of its email (the same
 * link and email whoever asked): `requestSignInLink` sends it after its answer; an organisation's
 * first admin is sent one when the operator creates the organisation.
 */
export async function storeSignInLink(deps: Omit<SignInDeps, 'log'>, person: Person, nextPath: string | null): Promise<() => Promise<void>> {
  const at = deps.now();
  const secret = randomBytes(32).toString('base64url');
  await insertSignInLink(deps.db, { personId: person.id, secret, nextPath, at, expiresAt: new Date(at.getTime() + deps.config.web.signInLinkMs) });
  const linkUrl = `${deps.config.api.publicBaseUrl}${SIGN_IN_LINK_PATH}?token=${secret}`;
  const email = renderSignInEmail({ recipientName: person.name, linkUrl, minutes: Math.round(deps.config.web.signInLinkMs / 60_000) });
  // Each link is its own email; a new Message-ID each time (a resend is a new link, not a copy).
  return () => deps.mailer.send({ to: person.email, ...email, messageId: `<sign-in.${randomUUID()}@aims-cycles>`, date: at });
}

/** What a link is worth now, for its confirmation page; reading it uses nothing (mail scanners fetch links). */
export async function checkSignInLink(deps: Pick<SignInDeps, 'db' | 'now'>, secret: string): Promise<LinkState> {
  return peekSignInLink(deps.db, secret, deps.now());
}

/** Uses a link (once); rate-limited per client. Undefined when it is unknown, used or expired. */
export async function redeemSignInLink(
  deps: Pick<SignInDeps, 'db' | 'config' | 'now'>,
  secret: string,
  client: string,
): Promise<{ person: Person; nextPath: string | null } | undefined> {
  await spendAttempt(deps.db, deps.config.web.rateLimits.linkRedemptionPerClient, 'link-redemption', client, deps.now());
  return useSignInLink(deps.db, secret, deps.now());
}
