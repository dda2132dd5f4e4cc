import type { Person } from '../db/tables/people.table';
import { OVERSIGHT_ROLES } from '../domain/roles';
import { html, SafeHtml } from '../domain/html';
import { pageOrganisationsOf } from './current-organisation';

const STYLE = `
:root { color-scheme: light; --ink:#1d2330; --muted:#5b6475; --line:#d9dde5; --accent:#1f5fbf; --late:#b3261e; --bg:#f6f7f9; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header { background:#fff; border-bottom:1px solid var(--line); }
header nav { max-width:72rem; margin:0 auto; padding:.6rem 1rem; display:flex; gap:1.2rem; align-items:center; flex-wrap:wrap; }
header .brand { font-weight:700; margin-right:auto; }
main { max-width:72rem; margin:0 auto; padding:1rem; }
a { color:var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline:3px solid #f0a000; outline-offset:2px; }
h1 { font-size:1.6rem; margin:.4rem 0 1rem; }
h2 { font-size:1.2rem; margin:1.6rem 0 .6rem; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1rem; margin-bottom:1rem; }
.figures { display:flex; gap:1rem; flex-wrap:wrap; }
.figure { background:#fff; border:1px solid var(--line); border-radius:8px; padding:.6rem 1rem; min-width:9rem; }
.figure strong { display:block; font-size:1.6rem; }
table { border-collapse:collapse; width:100%; background:#fff; }
th, td { text-align:left; padding:.4rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-weight:600; color:var(--muted); font-size:.9rem; }
.late { color:var(--late); font-weight:600; }
.muted { color:var(--muted); }
form.filters { display:flex; gap:.8rem; flex-wrap:wrap; align-items:flex-end; }
label { display:block; font-weight:600; font-size:.9rem; margin-bottom:.2rem; }
input, select, textarea, button { font:inherit; }
input, select, textarea { border:1px solid #aab1bf; border-radius:6px; padding:.35rem .5rem; background:#fff; }
textarea { width:100%; min-height:5rem; }
fieldset { border:1px solid var(--line); border-radius:6px; margin:.6rem 0; padding:.4rem .8rem .8rem; }
legend { font-weight:600; padding:0 .3rem; }
.facts { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1.2rem; margin:0 0 1rem; }
.facts dt { font-weight:600; color:var(--muted); } .facts dd { margin:0; white-space:pre-wrap; }
caption { text-align:left; font-weight:600; padding:.5rem .6rem; }
button { background:var(--accent); color:#fff; border:0; border-radius:6px; padding:.45rem 1rem; cursor:pointer; }
button.link { background:none; color:var(--accent); padding:0; text-decoration:underline; }
.notice { border-left:4px solid #2e7d32; background:#eef7ee; padding:.6rem 1rem; margin-bottom:1rem; }
.error { border-left:4px solid var(--late); background:#fdecea; padding:.6rem 1rem; margin-bottom:1rem; }
.visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
.scroll { overflow-x:auto; }
@media (max-width: 40rem) { form.filters > p, form.filters select, form.filters input { width:100%; } th, td { padding:.3rem; } }
/* An external auditor's pages: every form that would post a change is hidden with its card (the API refuses them anyway). */
body.read-only main form[method="post"], body.read-only main section.card:has(> form[method="post"]) { display:none; }
.skip { position:absolute; left:-999px; } .skip:focus { left:1rem; top:.5rem; background:#fff; padding:.3rem; }
`;
// Our own constant, not user input: inserted as it is.
const STYLE_SHEET = new SafeHtml(STYLE);

export interface PageOptions {
  title: string;
  person?: Person;
  body: SafeHtml;
  /** Reload the page after this many seconds: how a page without script follows a build's progress. */
  refreshSeconds?: number;
}

/** For a person in several organisations: which one the pages show, and a switch to another of theirs. */
function organisationSwitcher(person: Person): SafeHtml | string {
  const organisations = pageOrganisationsOf(person);
  if (!organisations || organisations.mine.length < 2) return '';
  return html`<form method="post" action="/ui/session/organisation" class="switcher">
    <label for="organisation-switch" class="visually-hidden">Organisation</label>
    <select id="organisation-switch" name="organisationId">
      ${organisations.mine.map((o) => html`<option value="${o.id}" ${o.id === organisations.current ? html` selected` : ''}>${o.name}</option>`)}
    </select>
    <button type="submit">Switch organisation</button>
  </form>`;
}

/** The page shell: navigation for what the person may see, a skip link, and the content. */
export function page({ title, person, body, refreshSeconds }: PageOptions): string {
  const sees = (roles: readonly string[]) => person?.roles.some((r) => roles.includes(r));
  const nav = person
    ? html`${sees(['programme_manager']) ? html`<a href="/ui/programme">Programme</a>` : ''}<a href="/ui/inbox">My tasks</a>
        ${sees(OVERSIGHT_ROLES) ? html`<a href="/ui/dashboard">Overdue dashboard</a>` : ''}
        <a href="/ui/cases">Register</a>
        <a href="/ui/calendar">Audit calendar</a>
        <a href="/ui/feeds">Calendar feeds</a>
        <a href="/ui/tokens">API tokens</a>
        ${sees(['admin']) ? html`<a href="/ui/people">People</a><a href="/ui/organisations/${person.organisation_id}/settings">Organisation</a>` : ''}
        ${organisationSwitcher(person)}
        <form method="post" action="/ui/sign-out"><span class="muted">${person.name}</span> <button class="link" type="submit">Sign out</button></form>`
    : '';
  // The forms stay in the page each page draws; for an external auditor the layout hides them and says why.
  const readOnly = person ? pageOrganisationsOf(person)?.readOnly === true : false;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${refreshSeconds ? html`<meta http-equiv="refresh" content="${String(refreshSeconds)}" />` : ''}
        <title>${title} · AIMS cycles</title>
        <style>
          ${STYLE_SHEET}
        </style>
      </head>
      <body${readOnly ? html` class="read-only"` : ''}>
        <a class="skip" href="#content">Skip to content</a>
        <header>
          <nav aria-label="Main"><span class="brand">AIMS cycles</span>${nav}</nav>
        </header>
        <main id="content">
          <h1>${title}</h1>
          ${
            readOnly
              ? html`<p class="notice" id="read-only-notice">
                  You are reading this as the certification body's auditor: read-only, and every page you view is recorded.
                </p>`
              : ''
          }
          ${body}
        </main>
      </body>
    </html>`.value;
}
