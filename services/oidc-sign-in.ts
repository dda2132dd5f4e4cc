import * as oidc from 'openid-client';
import type { Config, Secrets } from '../config/config';
import type { Db } from '../db/database';
import { findPersonByEmail } from '../db/repositories/people.repository';
import type { Person } from '../db/tables/people.table';
import { AppError } from '../domain/app-error';
import { isIanaZone } from '../domain/time-zone';
import { createPerson } from './people.service';

// Single sign-on through OpenID Connect: the authorization code flow with PKCE, a state and a
// nonce, through openid-client (which validates the ID token). A person is matched by a verified
// email; an unknown one is refused unless just-in-time creation is on.

export type OidcSettings = NonNullable<Config['web']['oidc']>;

/** What the browser keeps between leaving for the provider and coming back (in a short-lived cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  next: string | undefined;
}

/** Discovery runs once per process (and again after a failure), not on every sign-in. */
const discovered = new Map<string, Promise<oidc.Configuration>>();

function providerConfig(settings: OidcSettings, secrets: Pick<Secrets, 'oidcClientSecret'>): Promise<oidc.Configuration> {
  const key = `${settings.issuer}\0${settings.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    const insecure = new URL(settings.issuer).protocol === 'http:';
    found = oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      undefined,
      secrets.oidcClientSecret ? oidc.ClientSecretPost(secrets.oidcClientSecret) : oidc.None(),
      // A plain-http issuer is only for local providers (development, the tests).
      insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found;
}

/** Where to send the browser to sign in at the provider, and what to keep for its return. */
export async function beginOidcSignIn(
  settings: OidcSettings,
  secrets: Pick<Secrets, 'oidcClientSecret'>,
  redirectUri: string,
  next: string | undefined,
): Promise<{ url: string; pending: PendingSignIn }> {
  const config = await providerConfig(settings, secrets);
  const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), next };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url: url.href, pending };
}

/**
 * The provider's answer (the callback URL as the browser requested it) turned into a person:
 * the code is exchanged with the PKCE verifier, state and nonce checked, and the ID token's
 * verified email matched. Refusals are 403 with the reason a person can act on.
 */
export async function finishOidcSignIn(
  deps: { db: Db; settings: OidcSettings; secrets: Pick<Secrets, 'oidcClientSecret'>; now: () => Date },
  callbackUrl: URL,
  pending: PendingSignIn,
): Promise<Person> {
  const config = await providerConfig(deps.settings, deps.secrets);
  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    // Providers may keep the email out of the ID token (oidc-provider does, by default): ask the userinfo endpoint, for the same subject.
    if (claims && typeof claims.email !== 'string') claims = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)) };
  } catch (error) {
    throw new AppError('forbidden', `single sign-on did not complete: ${error instanceof Error ? error.message : 'the provider refused'}`);
  }
  const email = typeof claims?.email === 'string' ? claims.email.trim() : '';
  if (!email || claims?.email_verified !== true) throw new AppError('forbidden', 'the provider did not confirm a verified email address');
  const domain = email.split('@').pop()!.toLowerCase();
  if (deps.settings.allowedDomains && !deps.settings.allowedDomains.includes(domain)) {
    throw new AppError('forbidden', `people of ${domain} do not sign in here`);
  }
  const known = await findPersonByEmail(deps.db, email);
  if (known) {
    if (!known.active) throw new AppError('forbidden', 'this person is no longer active here');
    return known;
  }
  if (!deps.settings.jit.create) throw new AppError('forbidden', `nobody here has the address ${email}; ask an admin to add you`);
  const zone = typeof claims?.zoneinfo === 'string' && isIanaZone(claims.zoneinfo) ? claims.zoneinfo : deps.settings.jit.timeZone;
  // The name reaches emails and calendar feeds: no control characters, within the usual length.
  const given =
    typeof claims?.name === 'string'
      ? claims.name
          .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
          .trim()
          .slice(0, 200)
      : '';
  const name = given || email;
  return createPerson(deps.db, { name, email, timeZone: zone, roles: [deps.settings.jit.role] }, { id: null, label: 'single sign-on' }, deps.now());
}
