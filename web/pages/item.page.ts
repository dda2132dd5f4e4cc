import type { Person } from '../../db/tables/people.table';
import { html, type SafeHtml } from '../../domain/html';
import { page } from '../layout';

export interface ItemTask {
  id: string;
  title: string;
  ownerId: string;
  dueDate: string;
  status: string;
  overdue: boolean;
}

export interface ItemEntry {
  at: string;
  actor: string;
  action: string;
  after: unknown;
}

/** A read-only view of one item (case, audit, review, certification), whatever its kind. */
export interface ItemView {
  heading: string;
  facts: [string, string | null | undefined][];
  /** Extra tables: actions of a case, results of an audit, external audits of a certification. */
  tables: { caption: string; head: string[]; rows: (string | SafeHtml)[][] }[];
  links: { text: string; href: string }[];
  tasks: ItemTask[];
  timeline: ItemEntry[];
  /** The item's own forms (an AI system's update, change and retirement), drawn with the page. */
  forms?: SafeHtml;
  /** For cases: whether the programme manager may cancel it (open) or reopen it (closed or cancelled). */
  caseCommand?: { path: string; kind: 'cancellation' | 'reopening' };
  /** For items that take evidence files: the stored files and where the upload form posts, with the steps it may name. */
  evidence?: EvidenceSection;
}

export interface EvidenceSection {
  /** Where the upload form posts; null: no form (the item takes no more files). */
  uploadPath: string | null;
  /** The files table's caption. */
  caption: string;
  /** The upload form's heading ("Add an evidence file"). */
  heading: string;
  /** What a file without a step belongs to ("the case"). */
  whole: string;
  /** The steps a file may be for; none: no choice is offered. */
  steps: { value: string; label: string }[];
  files: { filename: string; href: string; mediaType: string; size: number; sha256: string; step: string | null; uploadedAt: string }[];
}

/** The files of an item and the upload form: multipart, so the browser streams the file to the API's own route. */
function evidenceCard(e: EvidenceSection) {
  const files = e.files.length
    ? html`<table class="card">
        <caption>
          ${e.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Step</th>
            <th scope="col">Type</th>
            <th scope="col">Bytes</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Uploaded (UTC)</th>
          </tr>
        </thead>
        <tbody>
          ${e.files.map(
            (f) =>
              html`<tr>
                <td><a href="${f.href}">${f.filename}</a></td>
                <td>${e.steps.find((s) => s.value === f.step)?.label ?? f.step ?? e.whole}</td>
                <td>${f.mediaType}</td>
                <td>${String(f.size)}</td>
                <td><code>${f.sha256}</code></td>
                <td>${f.uploadedAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : '';
  if (e.uploadPath === null) return files;
  return html`${files}
    <form class="card" method="post" action="${e.uploadPath}" enctype="multipart/form-data" aria-labelledby="evidence-h">
      <h2 id="evidence-h">${e.heading}</h2>
      ${
        e.steps.length
          ? html`<label for="e-step">For</label
              ><select id="e-step" name="step">
                <option value="">${e.whole[0]!.toUpperCase()}${e.whole.slice(1)} as a whole</option>
                ${e.steps.map((s) => html`<option value="${s.value}">${s.label}</option>`)}
              </select>`
          : ''
      }
      <label for="e-file">File (PDF, image, office document or text)</label><input id="e-file" type="file" name="file" required />
      <p><button type="submit">Upload</button></p>
    </form>`;
}

/** What the page shows besides the item: a programme manager's commands, and the outcome of the last one. */
export interface ItemPageExtras {
  /** Active people, for reassignment; only given to programme managers. */
  people?: { id: string; name: string }[];
  /** The address the page's forms come back to. */
  here: string;
  notice?: string;
  error?: string;
}

/** What changed, in a line: the entry's new values without ids and long texts. */
function summary(after: unknown): string {
  if (!after || typeof after !== 'object') return '';
  return Object.entries(after as Record<string, unknown>)
    .filter(([key, value]) => !/(^id$|Id$|Ids$)/.test(key) && value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value).length > 80 ? `${String(value).slice(0, 77)}…` : String(value)}`)
    .join('; ');
}

/** Every `person:<id>` the views mention, for the page to show names. */
export function personIdsIn(view: ItemView): string[] {
  return [...new Set([...JSON.stringify(view).matchAll(/person:([0-9a-f-]{36})/g)].map((m) => m[1]!).concat(view.tasks.map((t) => t.ownerId)))];
}

/** A programme manager's commands on the item: reassign an open task; cancel or reopen a case. */
function commands(view: ItemView, extras: ItemPageExtras): SafeHtml {
  if (!extras.people) return html``;
  const open = view.tasks.filter((t) => t.status === 'open');
  const back = html`<input type="hidden" name="back" value="${extras.here}" />`;
  const reassign = open.length
    ? html`<form class="card" method="post" action="/ui/reassignment" aria-labelledby="reassign-h">
        <h2 id="reassign-h">Reassign a task</h2>
        ${back} <label for="r-task">Task</label
        ><select id="r-task" name="taskId" required>
          ${open.map((t) => html`<option value="${t.id}">${t.title}</option>`)}
        </select>
        <label for="r-owner">New owner</label
        ><select id="r-owner" name="ownerId" required>
          <option value="">Choose…</option>
          ${extras.people.map((p) => html`<option value="${p.id}">${p.name}</option>`)}
        </select>
        <label for="r-reason">Reason</label><textarea id="r-reason" name="reason" required></textarea>
        <p><button type="submit">Reassign</button></p>
      </form>`
    : '';
  const cmd = view.caseCommand;
  const caseForm = cmd
    ? html`<form class="card" method="post" action="/ui${cmd.path}" aria-labelledby="case-h">
        <h2 id="case-h">${cmd.kind === 'cancellation' ? 'Cancel the case' : 'Reopen the case'}</h2>
        ${back} <label for="c-reason">Reason</label><textarea id="c-reason" name="reason" required></textarea>
        <p><button type="submit">${cmd.kind === 'cancellation' ? 'Cancel the case' : 'Reopen the case'}</button></p>
      </form>`
    : '';
  return html`${reassign}${caseForm}`;
}

export function itemPage(person: Person, view: ItemView, names: Map<string, string>, extras: ItemPageExtras = { here: '/ui/inbox' }): string {
  const name = (id: string) => names.get(id) ?? id;
  const show = (value: string | SafeHtml) => (typeof value === 'string' ? value.replace(/person:([0-9a-f-]{36})/g, (_, id: string) => name(id)) : value);
  const table = (caption: string, head: string[], rows: (string | SafeHtml)[][]) =>
    html`<table class="card">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${head.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              ${r.map((c) => html`<td>${show(c)}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
  const body = html`${extras.notice ? html`<p class="notice" role="status">${extras.notice}</p>` : ''}${extras.error ? html`<p class="error" role="alert">${extras.error}</p>` : ''}
    <dl class="card facts">
      ${view.facts
        .filter(([, v]) => v)
        .map(
          ([k, v]) =>
            html`<dt>${k}</dt>
              <dd>${show(v!)}</dd>`,
        )}
    </dl>
    ${view.links.length ? html`<p>${view.links.map((l) => html`<a href="${l.href}">${l.text}</a> `)}</p>` : ''}
    ${view.tables.filter((t) => t.rows.length).map((t) => table(t.caption, t.head, t.rows))} ${view.evidence ? evidenceCard(view.evidence) : ''}
    ${
      view.tasks.length
        ? table(
            'Tasks',
            ['Task', 'Owner', 'Due', 'Status'],
            view.tasks.map((t) => [t.title, name(t.ownerId), t.dueDate, t.status === 'open' && t.overdue ? html`<span class="late">overdue</span>` : t.status]),
          )
        : ''
    }
    ${
      view.timeline.length
        ? table(
            'Timeline (UTC)',
            ['When', 'Who', 'What', 'Details'],
            view.timeline.map((e) => [e.at.slice(0, 16).replace('T', ' '), e.actor, e.action.replaceAll('_', ' '), summary(e.after)]),
          )
        : ''
    }
    ${view.forms ?? ''}${commands(view, extras)}
    <p><a href="/ui/inbox">Back to my tasks</a></p>`;
  return page({ title: view.heading, person, body });
}
