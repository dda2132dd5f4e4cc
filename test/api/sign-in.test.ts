import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endSessionsOfPerson } from '../../db/repositories/sessions.repository';
import { CSRF_FIELD, csrfTokenFor } from '../../web/csrf';
import { EngineHarness } from '../support/engine-harness';
import { setCookie } from '../support/web-session';

// Sign-in links, sessions, the page forms' tokens, rate limits and API tokens, over HTTP against
// the whole engine (real PostgreSQL, SMTP listener, Temporal time-skipping clock), with the
// production default for the token fallback (admins only) and tight limits to reach.

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('sign-in, sessions and rate limits', () => {
  let h: EngineHarness;
  let admin: Awaited<ReturnType<EngineHarness['person']>>;
  let ann: typeof admin;
  let bob: typeof admin;

  /** A page's pre-session cookie and form token, as a browser gets them. */
  async function openForm(path: string): Promise<{ cookie: string; csrf: string; html: string }> {
    const response = await fetch(h.api.url + path);
    const html = await response.text();
    return { cookie: `aims_browser=${setCookie(response, 'aims_browser')}`, csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]!, html };
  }

  async function askForLink(email: string): Promise<Response> {
    const form = await openForm('/ui/sign-in');
    return fetch(`${h.api.url}/ui/sign-in`, {
      method: 'POST',
      headers: { ...FORM, cookie: form.cookie },
      body: new URLSearchParams({ email, next: '/ui/tokens', [CSRF_FIELD]: form.csrf }),
    });
  }

  /** Signs in by email link, as a person would; answers the session cookie. */
  async function signInByEmail(email: string): Promise<{ cookie: string; secret: string; landed: string | null }> {
    expect((await askForLink(email)).status).toBe(200);
    const [mail] = (await h.newEmails()).filter((e) => e.to === email);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
    const confirm = await openForm(`/ui/sign-in/link?token=${token}`);
    const redeemed = await fetch(`${h.api.url}/ui/sign-in/link`, {
      method: 'POST',
      headers: { ...FORM, cookie: confirm.cookie },
      body: new URLSearchParams({ token, [CSRF_FIELD]: confirm.csrf }),
      redirect: 'manual',
    });
    expect(redeemed.status).toBe(303);
    const secret = decodeURIComponent(setCookie(redeemed, 'aims_session')!);
    return { cookie: `aims_session=${secret}`, secret, landed: redeemed.headers.get('location') };
  }

  const page = (path: string, cookie: string) => fetch(h.api.url + path, { headers: { cookie }, redirect: 'manual' });

  beforeAll(async () => {
    h = await EngineHarness.start({
      env: { WEB_TOKEN_SIGN_IN: 'admins', RATE_LIMIT_SIGN_IN_PER_ADDRESS: '3/15m', RATE_LIMIT_BAD_TOKENS_PER_CLIENT: '5/1m' },
    });
    admin = await h.person('Ada', ['admin']);
    ann = await h.person('Ann', ['action_owner']);
    bob = await h.person('Bob', ['action_owner']);
    await h.advanceTo('2027-03-01T08:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers the same page whether or not the address is known, and emails only a known one', async () => {
    const known = await (await askForLink('ann@example.org')).text();
    const unknown = await (await askForLink('nobody@example.org')).text();
    expect(unknown.replace('nobody@example.org', 'X')).toBe(known.replace('ann@example.org', 'X'));
    const mails = await h.newEmails();
    expect(mails.map((m) => m.to)).toEqual(['ann@example.org']);
    // Only the hash of the link's secret is kept.
    const secret = /token=([A-Za-z0-9_-]+)/.exec(mails[0]!.text)![1]!;
    const rows = await h.db.selectFrom('sign_in_links').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('keeps where the person was going through the email, and opens a session whose cookie is no API token', async () => {
    const session = await signInByEmail('bob@example.org');
    expect(session.landed).toBe('/ui/tokens');
    expect(session.secret).toMatch(/^s_/);
    expect((await page('/ui/inbox', session.cookie)).status).toBe(200);
    expect((await h.call('GET', '/me', session.secret)).status).toBe(401);
    const stored = await h.db.selectFrom('web_sessions').select('secret_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(session.secret);
  });

  it('limits sign-in requests per address with 429 and Retry-After, and says nothing more', async () => {
    await h.newEmails();
    for (let i = 0; i < 3; i++) expect((await askForLink('limit@example.org')).status).toBe(200);
    const refused = await askForLink('LIMIT@example.org');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(await refused.text()).toContain('too many attempts');
  });

  it('ends a session after the idle limit, on sign-out, and everywhere at once', async () => {
    const idle = await signInByEmail('ann@example.org');
    await h.advanceTo(new Date(Date.parse('2027-03-01T08:00:00Z') + 5 * 3_600_000).toISOString()); // 5 h without a request (limit 4 h)
    expect((await page('/ui/inbox', idle.cookie)).headers.get('location')).toBe('/ui/sign-in?next=%2Fui%2Finbox');

    const [first, second] = [await signInByEmail('ann@example.org'), await signInByEmail('ann@example.org')];
    const signOut = await fetch(`${h.api.url}/ui/sign-out`, {
      method: 'POST',
      headers: { ...FORM, cookie: first.cookie },
      body: new URLSearchParams({ [CSRF_FIELD]: csrfTokenFor(first.secret) }),
      redirect: 'manual',
    });
    expect(signOut.status).toBe(303);
    expect((await page('/ui/inbox', first.cookie)).status).toBe(303);
    expect((await page('/ui/inbox', second.cookie)).status).toBe(200);

    const everywhere = await fetch(`${h.api.url}/ui/sign-out/everywhere`, {
      method: 'POST',
      headers: { ...FORM, cookie: second.cookie },
      body: new URLSearchParams({ [CSRF_FIELD]: csrfTokenFor(second.secret) }),
      redirect: 'manual',
    });
    expect(everywhere.status).toBe(303);
    expect((await page('/ui/inbox', second.cookie)).status).toBe(303);

    // What deactivation (issue #12, part B) calls: every open session of the person ends.
    const third = await signInByEmail('ann@example.org');
    expect(await endSessionsOfPerson(h.db, ann.id)).toBe(1);
    expect((await page('/ui/inbox', third.cookie)).status).toBe(303);
  });

  it('refuses a posted form without its token, with a foreign or opaque Origin, and takes it with the token and no Origin', async () => {
    const session = await signInByEmail('bob@example.org');
    const post = (headers: Record<string, string>, csrf?: string) =>
      fetch(`${h.api.url}/ui/tokens`, {
        method: 'POST',
        headers: { ...FORM, cookie: session.cookie, ...headers },
        body: new URLSearchParams({ label: 'from a form', ...(csrf ? { [CSRF_FIELD]: csrf } : {}) }),
        redirect: 'manual',
      });
    const good = csrfTokenFor(session.secret);
    expect((await post({})).status).toBe(403); // no token
    expect((await post({}, csrfTokenFor('s_someone-else'))).status).toBe(403);
    expect((await post({ origin: 'null' }, good)).status).toBe(403);
    expect((await post({ origin: 'https://evil.example' }, good)).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' }, good)).status).toBe(403);
    expect((await h.call('GET', '/tokens', bob.token)).body.items).toHaveLength(1); // the harness's own
    const made = await post({}, good);
    expect(made.status).toBe(200);
    expect(await made.text()).toContain('Your new API token');
  });

  it('sends security headers with every page', async () => {
    const response = await fetch(`${h.api.url}/ui/sign-in`);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'none'.*frame-ancestors 'none'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).not.toContain('<script');
  });

  it('lets only admins sign in by pasting a token (the production default)', async () => {
    const paste = async (token: string) => {
      const form = await openForm('/ui/sign-in/token');
      return fetch(`${h.api.url}/ui/sign-in/token`, {
        method: 'POST',
        headers: { ...FORM, cookie: form.cookie },
        body: new URLSearchParams({ token, [CSRF_FIELD]: form.csrf }),
        redirect: 'manual',
      });
    };
    const owner = await paste(ann.token);
    expect(owner.status).toBe(403);
    expect(await owner.text()).toContain('Only administrators sign in with a token');
    const byAdmin = await paste(admin.token);
    expect(byAdmin.status).toBe(303);
    expect(setCookie(byAdmin, 'aims_session')).toMatch(/^s_/);
  });

  it('lets everyone make, list and revoke their own API tokens, with an expiry; admins see and revoke anyone’s', async () => {
    const made = await h.request('POST', '/tokens', { token: ann.token, body: { label: 'laptop script', expiresOn: '2027-03-10' } });
    expect(made.status).toBe(201);
    expect(made.body.expiresAt).toBe('2027-03-11T00:00:00.000Z');
    expect((await h.call('GET', '/me', made.body.token)).status).toBe(200);
    const past = await h.request('POST', '/tokens', { token: ann.token, body: { label: 'too late', expiresOn: '2027-02-01' } });
    expect([past.status, (past.body as unknown as { errors: unknown }).errors]).toEqual([
      422,
      [{ field: 'body.expiresOn', reason: 'must not be in the past' }],
    ]);

    const mine = await h.request('GET', '/tokens', { token: ann.token });
    expect(mine.body.items.map((t) => t.label).sort()).toEqual(['laptop script', 'test']);
    expect((await h.request('GET', '/tokens', { token: ann.token, query: { all: 'true' } })).status).toBe(403);
    // Someone else's token is no token of Bob's to revoke.
    expect((await h.request('DELETE', '/tokens/:id', { token: bob.token, params: { id: made.body.id } })).status).toBe(404);
    const everyone = await h.request('GET', '/tokens', { token: admin.token, query: { all: 'true' } });
    expect(everyone.body.items.map((t) => t.personName)).toEqual(expect.arrayContaining(['Ada', 'Ann', 'Bob']));

    // It stops working after its last day.
    await h.advanceTo('2027-03-11T00:00:01Z');
    expect((await h.call('GET', '/me', made.body.token)).status).toBe(401);
    const another = await h.request('POST', '/tokens', { token: ann.token, body: { label: 'second' } });
    expect((await h.request('DELETE', '/tokens/:id', { token: ann.token, params: { id: another.body.id } })).status).toBe(204);
    expect((await h.call('GET', '/me', another.body.token)).status).toBe(401);
    const third = await h.request('POST', '/tokens', { token: ann.token, body: { label: 'third' } });
    expect((await h.request('DELETE', '/tokens/:id', { token: admin.token, params: { id: third.body.id } })).status).toBe(204);
  });

  it('answers 429 with Retry-After to a client sending wrong bearer tokens, counting only failures', async () => {
    const aMinuteOn = async () => h.advanceTo(new Date((await h.env.currentTimeMs()) + 61_000).toISOString());
    await aMinuteOn(); // the wrong tokens of the tests above are in an earlier window
    for (let i = 0; i < 20; i++) expect((await h.call('GET', '/me', ann.token)).status).toBe(200); // valid tokens count nothing
    for (let i = 0; i < 10; i++) expect((await fetch(`${h.api.url}/me`)).status).toBe(401); // nor do requests without a token
    const wrong = () => fetch(`${h.api.url}/me`, { headers: { authorization: 'Bearer aims_wrong' } });
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe(401);
    const limited = await wrong();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // While it lasts, the client is refused before any token is looked at; a minute later it may try again.
    expect((await h.call('GET', '/me', ann.token)).status).toBe(429);
    const counters = await sql<{ n: number }>`select count(*)::int as n from rate_limit_counters`.execute(h.db);
    expect(counters.rows[0]!.n).toBeGreaterThan(0);
    await aMinuteOn();
    expect((await h.call('GET', '/me', ann.token)).status).toBe(200);
  });
});
