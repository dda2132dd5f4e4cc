import type { Person } from '../../db/tables/people.table';
import type { ListedTask } from '../../services/task-listing';
import { html, type SafeHtml } from '../html';
import { page } from '../layout';
import type { FormField, TypedForm } from '../step-forms';

export interface InboxData {
  viewer: Person;
  owner: { id: string; name: string };
  tasks: ListedTask[];
  /** The form of each task that has one, its fields read for the task (an audit's scope, say). */
  forms: Map<string, { fields: FormField[]; submitLabel: string }>;
  /** Active people, for the fields that name one (action owners, verifier, auditors). */
  people: { id: string; name: string }[];
  notice?: string;
  /** A refused submission: which task, why, and what was typed (so nothing is lost). */
  failure?: { taskId: string; message: string; form: TypedForm };
}

type People = { id: string; name: string }[];

/** What a control shows: what was just typed when a submission came back, else what is recorded. */
function shown(f: { name: string; value?: string }, typed: TypedForm | undefined): string[] {
  const value = typed ? typed[f.name] : f.value;
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function field(task: ListedTask, f: FormField, typed: TypedForm | undefined, people: People): SafeHtml {
  if (f.type === 'group') {
    return html`<fieldset><legend>${f.legend}</legend>${f.fields.map((inner) => field(task, inner, typed, people))}</fieldset>`;
  }
  const id = `${f.name}-${task.id}`;
  if (f.type === 'checkbox') {
    return html`<p><label><input type="checkbox" name="${f.name}" value="yes"${shown(f, typed)[0] === 'yes' ? html` checked` : ''}> ${f.label}</label></p>`;
  }
  if (f.type === 'yes-no') {
    const value = shown(f, typed)[0];
    return html`<fieldset><legend>${f.label}</legend>
<label><input type="radio" name="${f.name}" value="yes"${value === 'yes' ? html` checked` : ''}> ${f.yes}</label>
<label><input type="radio" name="${f.name}" value="no"${value === 'no' ? html` checked` : ''}> ${f.no}</label></fieldset>`;
  }
  const values = shown(f, typed);
  const required = 'optional' in f && f.optional ? '' : html` required`;
  switch (f.type) {
    case 'choice':
    case 'person': {
      const options = f.type === 'choice' ? f.options : people.map((p) => ({ value: p.id, text: p.name }));
      const multiple = f.type === 'person' && f.many;
      return html`<label for="${id}">${f.label}</label><select id="${id}" name="${f.name}"${multiple ? html` multiple size="5"` : ''}${required}>${multiple ? '' : html`<option value="">Choose…</option>`}${options.map(
        (o) => html`<option value="${o.value}"${values.includes(o.value) ? html` selected` : ''}>${o.text}</option>`,
      )}</select>`;
    }
    case 'text':
    case 'date':
      return html`<label for="${id}">${f.label}</label><input id="${id}" name="${f.name}" type="${f.type}" value="${values[0] ?? ''}"${required}>`;
    case 'textarea':
    case 'lines':
      return html`<label for="${id}">${f.label}</label><textarea id="${id}" name="${f.name}"${required}>${values[0] ?? ''}</textarea>`;
  }
}

function taskCard(task: ListedTask, data: InboxData): SafeHtml {
  const form = data.forms.get(task.id);
  const failed = data.failure?.taskId === task.id ? data.failure : undefined;
  const mine = task.ownerId === data.viewer.id || data.viewer.roles.includes('programme_manager');
  const due = task.overdue ? html`<span class="late">overdue by ${task.daysOverdue} day${task.daysOverdue === 1 ? '' : 's'}</span>` : html`due`;
  return html`<article class="card task" data-task-id="${task.id}" aria-labelledby="t-${task.id}">
<h2 id="t-${task.id}">[<a href="/ui${task.itemPath}">${task.itemRef}</a>] ${task.title}</h2>
<p>${due} ${task.dueDate} · ${task.aimsName}</p>
${failed ? html`<p class="error" role="alert">${failed.message}</p>` : ''}
${
  form && mine
    ? html`<form method="post" action="/ui/tasks/${task.id}/submission">
${form.fields.map((f) => field(task, f, failed?.form, data.people))}
<p><button type="submit">${form.submitLabel}</button></p></form>`
    : html`<p class="muted">${form ? 'Only the owner or a programme manager submits this step.' : 'This step is submitted through the API.'}</p>`
}
</article>`;
}

/** A person's open tasks, soonest due first, each with the form that completes its step. */
export function inboxPage(data: InboxData): string {
  const own = data.owner.id === data.viewer.id;
  const body = html`${data.notice ? html`<p class="notice" role="status">${data.notice}</p>` : ''}
${data.tasks.length ? data.tasks.map((t) => taskCard(t, data)) : html`<p class="notice">No open tasks.</p>`}`;
  return page({ title: own ? 'My tasks' : `Tasks of ${data.owner.name}`, person: data.viewer, body });
}
