import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where screenshots land: kept by CI as test artifacts, ignored by git. */
export const ARTIFACTS_DIR = path.resolve(__dirname, '../../test-artifacts');

/**
 * Debian's Chromium (scripts/provision-chromium.sh installs it), headless, driven by
 * playwright-core, which never downloads a browser of its own. The flags keep it from calling
 * home and from needing a sandbox or a GPU on a CI machine.
 */
export async function launchChromium(options: { mapHost?: { host: string; to: string } } = {}): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: run scripts/provision-chromium.sh or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // The public address in emails (PUBLIC_BASE_URL) reached at the test's ephemeral port, as a real link would be.
      ...(options.mapHost ? [`--host-resolver-rules=MAP ${options.mapHost.host} ${options.mapHost.to}`] : []),
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Signs in through the API-token sign-in page (the admins' fallback, open to everyone in the
 * tests' configuration) with the person's token; the browser then holds a session cookie.
 */
export async function signIn(browser: Browser, baseUrl: string, token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/ui/sign-in/token`);
  await page.getByLabel('Your API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('domcontentloaded');
  return page;
}
