import { csrfTokenFor, CSRF_FIELD } from '../../web/csrf';

/** The value of a cookie a response sets (Set-Cookie), if it sets it. */
export function setCookie(response: Response, name: string): string | undefined {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [key, ...value] = pair!.split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** A signed-in page session for fetch-based tests: its cookie header, and form fields with the page token added. */
export interface WebSession {
  cookie: string;
  csrf: string;
  form(fields: Record<string, string>): URLSearchParams;
}

/**
 * Signs in to the pages with an API token through the sign-in form (as the test configuration
 * lets everyone do), the way a browser would: fetch the form for its pre-session cookie and token,
 * post it, keep the session cookie it answers with.
 */
export async function webSession(baseUrl: string, token: string): Promise<WebSession> {
  const form = await fetch(`${baseUrl}/ui/sign-in/token`);
  const browser = setCookie(form, 'aims_browser');
  const page = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!browser || !csrf) throw new Error('the sign-in form set no pre-session cookie or token');
  const posted = await fetch(`${baseUrl}/ui/sign-in/token`, {
    method: 'POST',
    headers: { cookie: `aims_browser=${browser}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, [CSRF_FIELD]: csrf }),
    redirect: 'manual',
  });
  const session = setCookie(posted, 'aims_session');
  if (posted.status !== 303 || !session) throw new Error(`signing in with the token answered ${posted.status}`);
  const sessionCsrf = csrfTokenFor(decodeURIComponent(session));
  return {
    cookie: `aims_session=${session}`,
    csrf: sessionCsrf,
    form: (fields) => new URLSearchParams({ ...fields, [CSRF_FIELD]: sessionCsrf }),
  };
}
