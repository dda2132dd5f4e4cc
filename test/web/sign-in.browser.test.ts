import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { EngineHarness, PUBLIC_BASE_URL, type Email } from '../support/engine-harness';
import { startOidcProvider } from '../support/oidc-provider';

// Signing in as people do, in a real Chromium: from the link in a reminder email, through an
// emailed single-use link, and through single sign-on at a real OpenID Connect provider started
// here. The browser reaches the engine at its public address (PUBLIC_BASE_URL, the host in every
// email) mapped to the test's port, so every link is followed exactly as it was sent.

const linkIn = (email: Email, pattern: RegExp) => {
  const found = pattern.exec(email.text)?.[0];
  if (!found) throw new Error(`no link like ${pattern} in "${email.subject}"`);
  return found;
};

/** The provider's own development pages: its login form (any password), then its consent form. */
async function loginAtProvider(page: Page, issuer: string, login: string): Promise<void> {
  await page.waitForURL(`${issuer}/**`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
}

describe('signing in to the pages', () => {
  let h: EngineHarness;
  let browser: Browser;
  let oidc: Awaited<ReturnType<typeof startOidcProvider>>;
  let attacker: Server;
  let attackerUrl: string;
  let pam: Awaited<ReturnType<EngineHarness['person']>>;
  let ann: typeof pam;
  let caseId: string;

  async function requestLink(page: Page, address: string): Promise<string> {
    await page.getByLabel('Your email address').fill(address);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Check your email');
    const [mail] = (await h.newEmails()).filter((e) => e.subject === 'Your sign-in link for AIMS cycles');
    expect(mail?.to).toBe(address);
    return linkIn(mail!, /http:\/\/aims\.test\/ui\/sign-in\/link\?token=[A-Za-z0-9_-]+/);
  }

  beforeAll(async () => {
    oidc = await startOidcProvider({
      redirectUri: `${PUBLIC_BASE_URL}/ui/sign-in/sso/callback`,
      accounts: {
        ann: { email: 'ann@example.org', email_verified: true, name: 'Ann' },
        stranger: { email: 'stranger@example.org', email_verified: true, name: 'Stranger' },
      },
    });
    h = await EngineHarness.start({ env: { OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_ID: oidc.clientId, OIDC_CLIENT_SECRET: oidc.clientSecret } });
    browser = await launchChromium({ mapHost: { host: 'aims.test', to: new URL(h.api.url).host } });
    // Another site, whose page posts a form at the engine.
    attacker = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<!doctype html><form method="post" action="${PUBLIC_BASE_URL}/ui/tokens"><input name="label" value="planted"><button>Win a prize</button></form>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;

    pam = await h.person('Pam', ['programme_manager']);
    ann = await h.person('Ann', ['action_owner']);
    await h.advanceTo('2027-01-04T06:00:00Z'); // a Monday
    const aims = await h.newAims(pam);
    caseId = (await h.raiseCase(aims.id, ann, { severity: 'major', title: 'Model card missing' })).id;
    await h.newEmails(); // the assignment
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await oidc?.close();
    await new Promise((resolve) => attacker?.close(resolve));
  });

  it("takes a person from a reminder email's link, through an emailed sign-in link, to the item's page", async () => {
    await h.advanceTo('2027-01-08T09:00:00Z'); // one working day before containment is due
    const reminder = (await h.newEmails()).find((e) => e.to === 'ann@example.org' && e.subject.includes('Reminder'));
    const itemLink = linkIn(reminder!, new RegExp(`http://aims\\.test/cases/${caseId}`));

    const page = await (await browser.newContext()).newPage();
    await page.goto(itemLink);
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
    const signInLink = await requestLink(page, 'ann@example.org');

    // Opening the link signs nobody in (a mail scanner may fetch it first); Continue does.
    await page.goto(signInLink);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`**/ui/cases/${caseId}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/Model card missing$/);
    console.log(`screenshot: ${await screenshot(page, 'signed-in-from-email')}`);

    // The cookie is a session of its own, never an API token.
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'aims_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/ui' });
    expect(cookie!.value).toMatch(/^s_/);
    expect((await h.call('GET', '/me', cookie!.value)).status).toBe(401);

    // Signing out ends the session on the server: the same cookie opens nothing afterwards.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/ui/sign-in');
    const replayed = await fetch(`${h.api.url}/ui/inbox`, { headers: { cookie: `aims_session=${cookie!.value}` }, redirect: 'manual' });
    expect([replayed.status, replayed.headers.get('location')]).toEqual([303, '/ui/sign-in?next=%2Fui%2Finbox']);
  });

  it('refuses a used link and an expired link with a page that says which', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${PUBLIC_BASE_URL}/ui/sign-in`);
    const link = await requestLink(page, 'ann@example.org');
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/ui/inbox');

    const other = await (await browser.newContext()).newPage();
    const reused = await other.goto(link);
    expect(reused!.status()).toBe(410);
    expect(await other.getByRole('alert').innerText()).toBe('This sign-in link has been used already: each link works once.');
    expect(reused!.headers()['referrer-policy']).toBe('same-origin'); // the secret in the URL goes to no other site

    await other.goto(`${PUBLIC_BASE_URL}/ui/sign-in`);
    const late = await requestLink(other, 'ann@example.org');
    await other.goto(late); // the confirmation page, opened in time…
    await h.advanceTo(new Date(Date.parse('2027-01-08T09:00:00Z') + 20 * 60_000).toISOString());
    await other.getByRole('button', { name: 'Continue' }).click(); // …but Continue pressed 20 minutes on
    expect(await other.getByRole('alert').innerText()).toBe('This sign-in link has expired.');
    expect(await other.getByRole('link', { name: 'Ask for a new sign-in link' }).count()).toBe(1);
    expect(await other.context().cookies()).not.toContainEqual(expect.objectContaining({ name: 'aims_session' }));
  });

  it('refuses a form another site posts at the engine, even with the person signed in', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${PUBLIC_BASE_URL}/ui/sign-in`);
    const link = await requestLink(page, 'ann@example.org');
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/ui/inbox');

    await page.goto(attackerUrl);
    const [answer] = await Promise.all([page.waitForResponse(`${PUBLIC_BASE_URL}/ui/tokens`), page.getByRole('button', { name: 'Win a prize' }).click()]);
    expect(answer.status()).toBe(403);
    expect(await page.getByRole('alert').innerText()).toContain('a form from another site cannot act here');
    expect((await h.call('GET', '/tokens', ann.token)).body.items.map((t: { label: string }) => t.label)).toEqual(['test']);

    // The same form from the engine's own page goes through.
    await page.goto(`${PUBLIC_BASE_URL}/ui/tokens`);
    await page.getByLabel('Label').fill('my script');
    await page.getByRole('button', { name: 'Make a token' }).click();
    const secret = await page.getByLabel('Secret (shown once)').inputValue();
    expect((await h.call('GET', '/me', secret)).body.email).toBe('ann@example.org');
  });

  it('signs in through single sign-on at the OpenID Connect provider, lands on the email’s page, and signs out', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${PUBLIC_BASE_URL}/cases/${caseId}`); // the item link of any email
    await page.getByRole('link', { name: 'Continue with single sign-on' }).click();
    await loginAtProvider(page, oidc.issuer, 'ann');
    await page.locator('button[type="submit"]').click(); // consent: continue
    await page.waitForURL(`**/ui/cases/${caseId}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/Model card missing$/);
    expect(await page.locator('header').innerText()).toContain('Ann');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/ui/sign-in');
    await page.goto(`${PUBLIC_BASE_URL}/ui/inbox`);
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
  });

  it('refuses single sign-on for a verified address nobody here has (no just-in-time creation)', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${PUBLIC_BASE_URL}/ui/sign-in`);
    await page.getByRole('link', { name: 'Continue with single sign-on' }).click();
    await loginAtProvider(page, oidc.issuer, 'stranger');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/ui/sign-in/sso/callback')),
      page.locator('button[type="submit"]').click(),
    ]);
    expect(answer.status()).toBe(403);
    expect(await page.getByRole('alert').innerText()).toContain('nobody here has the address stranger@example.org');
  });
});

describe('single sign-on with just-in-time creation, for allowed domains only', () => {
  let h: EngineHarness;
  let browser: Browser;
  let oidc: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    oidc = await startOidcProvider({
      redirectUri: `${PUBLIC_BASE_URL}/ui/sign-in/sso/callback`,
      accounts: {
        newcomer: { email: 'newcomer@example.org', email_verified: true, name: 'New\u0007 Comer' },
        outsider: { email: 'outsider@elsewhere.com', email_verified: true, name: 'Outsider' },
        unverified: { email: 'unverified@example.org', email_verified: false, name: 'Unverified' },
      },
    });
    h = await EngineHarness.start({
      env: {
        OIDC_ISSUER: oidc.issuer,
        OIDC_CLIENT_ID: oidc.clientId,
        OIDC_CLIENT_SECRET: oidc.clientSecret,
        OIDC_JIT_CREATE: 'true',
        OIDC_JIT_ROLE: 'auditor',
        OIDC_JIT_TIME_ZONE: 'Europe/Vienna',
        OIDC_ALLOWED_DOMAINS: 'example.org',
        OIDC_LABEL: 'Example SSO',
      },
    });
    browser = await launchChromium({ mapHost: { host: 'aims.test', to: new URL(h.api.url).host } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await oidc?.close();
  });

  async function viaSso(login: string) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${PUBLIC_BASE_URL}/ui/sign-in`);
    await page.getByRole('link', { name: 'Continue with Example SSO' }).click();
    await loginAtProvider(page, oidc.issuer, login);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/ui/sign-in/sso/callback')),
      page.locator('button[type="submit"]').click(),
    ]);
    return { page, answer };
  }

  it('creates a person with the default role the first time a verified address of an allowed domain signs in', async () => {
    const { page } = await viaSso('newcomer');
    await page.waitForURL('**/ui/inbox');
    const person = await h.db.selectFrom('people').selectAll().where('email', '=', 'newcomer@example.org').executeTakeFirstOrThrow();
    expect([person.name, person.roles, person.time_zone, person.active]).toEqual(['New Comer', ['auditor'], 'Europe/Vienna', true]);
    const trail = await h.db.selectFrom('audit_trail').select(['actor_label', 'action']).where('entity_id', '=', person.id).execute();
    expect(trail).toEqual([{ actor_label: 'single sign-on', action: 'created' }]);
  });

  it('refuses an address outside the allowed domains, and one the provider has not verified', async () => {
    const outsider = await viaSso('outsider');
    expect(outsider.answer.status()).toBe(403);
    expect(await outsider.page.getByRole('alert').innerText()).toContain('people of elsewhere.com do not sign in here');
    const unverified = await viaSso('unverified');
    expect(unverified.answer.status()).toBe(403);
    expect(await unverified.page.getByRole('alert').innerText()).toContain('did not confirm a verified email address');
    expect(await h.db.selectFrom('people').select('email').where('email', 'in', ['outsider@elsewhere.com', 'unverified@example.org']).execute()).toEqual([]);
  });
});
