import type { Person } from '../../db/tables/people.table';
import type { ListedTask } from '../../services/task-listing';
import { html, type SafeHtml } from '../html';
import { page } from '../layout';
import { stepFormFor, type FormField } from '../step-forms';

export interface InboxData {
  viewer: Person;
  owner: { id: string; name: string };
  tasks: ListedTask[];
  notice?: string;
  /** A refused submission: which task, why, and what was typed (so nothing is lost). */
  failure?: { taskId: string; message: string; form: Record<string, string | undefined> };
}

function field(task: ListedTask, f: FormField, typed: Record<string, string | undefined>): SafeHtml {
  const id = `${f.name}-${task.id}`;
  if (f.type === 'yes-no') {
    return html`<fieldset><legend>${f.label}</legend>
<label><input type="radio" name="${f.name}" value="yes"${typed[f.name] === 'yes' ? html` checked` : ''}> Yes, effective</label>
<label><input type="radio" name="${f.name}" value="no"${typed[f.name] === 'no' ? html` checked` : ''}> No, back to root cause</label></fieldset>`;
  }
  return html`<label for="${id}">${f.label}</label><textarea id="${id}" name="${f.name}" required>${typed[f.name] ?? ''}</textarea>`;
}

function taskCard(task: ListedTask, data: InboxData): SafeHtml {
  const form = stepFormFor(task);
  const failed = data.failure?.taskId === task.id ? data.failure : undefined;
  const mine = task.ownerId === data.viewer.id || data.viewer.roles.includes('programme_manager');
  const due = task.overdue ? html`<span class="late">overdue by ${task.daysOverdue} day${task.daysOverdue === 1 ? '' : 's'}</span>` : html`due`;
  return html`<article class="card task" data-task-id="${task.id}" aria-labelledby="t-${task.id}">
<h2 id="t-${task.id}">[${task.itemRef}] ${task.title}</h2>
<p>${due} ${task.dueDate} · ${task.aimsName}</p>
${failed ? html`<p class="error" role="alert">${failed.message}</p>` : ''}
${
  form && mine
    ? html`<form method="post" action="/ui/tasks/${task.id}/submission">
${form.fields.map((f) => field(task, f, failed?.form ?? {}))}
<p><button type="submit">${form.submitLabel}</button></p></form>`
    : html`<p class="muted">${form ? 'Only the owner or a programme manager submits this step.' : 'This step has a structured form; submit it through the API.'}</p>`
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
