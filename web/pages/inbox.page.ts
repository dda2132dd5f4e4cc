import type { Person } from '../../db/tables/people.table';
import type { ListedTask } from '../../services/task-listing';
import { html, type SafeHtml } from '../../domain/html';
import { page } from '../layout';
import type { TypedForm } from '../form-values';
import type { FormField } from '../step-forms';

export interface InboxData {
  viewer: Person;
  owner: { id: string; name: string };
  tasks: ListedTask[];
  /** The form of each task that has one, its fields read for the task (an audit's scope, say). */
  forms: Map<string, { fields: FormField[]; submitLabel: string }>;
  /** Active people, for the fields that name one (action owners, verifier, auditors). */
  people: { id: string; name: string }[];
  /** Tasks of others with an extension request this person decides (own inbox only). */
  toDecide: ListedTask[];
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
    return html`<fieldset>
      <legend>${f.legend}</legend>
      ${f.fields.map((inner) => field(task, inner, typed, people))}
    </fieldset>`;
  }
  const id = `${f.name}-${task.id}`;
  if (f.type === 'checkbox') {
    return html`<p>
      <label><input type="checkbox" name="${f.name}" value="yes" ${shown(f, typed)[0] === 'yes' ? html` checked` : ''} /> ${f.label}</label>
    </p>`;
  }
  if (f.type === 'yes-no') {
    const value = shown(f, typed)[0];
    return html`<fieldset>
      <legend>${f.label}</legend>
      <label><input type="radio" name="${f.name}" value="yes" ${value === 'yes' ? html` checked` : ''} /> ${f.yes}</label>
      <label><input type="radio" name="${f.name}" value="no" ${value === 'no' ? html` checked` : ''} /> ${f.no}</label>
    </fieldset>`;
  }
  const values = shown(f, typed);
  const required = 'optional' in f && f.optional ? '' : html` required`;
  switch (f.type) {
    case 'choice':
    case 'person': {
      const options = f.type === 'choice' ? f.options : people.map((p) => ({ value: p.id, text: p.name }));
      const multiple = Boolean(f.many);
      return html`<label for="${id}">${f.label}</label
        ><select id="${id}" name="${f.name}" ${multiple ? html` multiple size="5"` : ''}${required}>
          ${multiple ? '' : html`<option value="">Choose…</option>`}${options.map(
            (o) => html`<option value="${o.value}" ${values.includes(o.value) ? html` selected` : ''}>${o.text}</option>`,
          )}
        </select>`;
    }
    case 'text':
    case 'date':
      return html`<label for="${id}">${f.label}</label><input id="${id}" name="${f.name}" type="${f.type}" value="${values[0] ?? ''}" ${required} />`;
    case 'textarea':
    case 'lines':
      return html`<label for="${id}">${f.label}</label><textarea id="${id}" name="${f.name}" ${required}>${values[0] ?? ''}</textarea>`;
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
            <p><button type="submit">${form.submitLabel}</button></p>
          </form>`
        : html`<p class="muted">${form ? 'Only the owner or a programme manager submits this step.' : 'This step is submitted through the API.'}</p>`
    }
    ${task.ownerId === data.viewer.id ? moreTime(task, failed?.form) : ''}
  </article>`;
}

/** The owner asks for a later due date; a pending request is shown instead of the form. */
function moreTime(task: ListedTask, typed: TypedForm | undefined): SafeHtml {
  const pending = task.extensions.find((e) => e.status === 'pending');
  if (pending) return html`<p class="muted">More time asked until ${pending.requestedDueDate}: waiting for a decision.</p>`;
  const value = (name: string) => [typed?.[name] ?? ''].flat()[0];
  return html`<details${typed?.newDueDate ? html` open` : ''}><summary>Ask for more time</summary>
<form method="post" action="/ui/tasks/${task.id}/extension-request">
<label for="due-${task.id}">New due date</label><input id="due-${task.id}" name="newDueDate" type="date" required value="${value('newDueDate')}">
<label for="why-${task.id}">Reason</label><textarea id="why-${task.id}" name="reason" required>${value('reason')}</textarea>
<p><button type="submit">Ask for more time</button></p></form></details>`;
}

/** A request for more time that this person decides: the owner's reason, approve or refuse. */
function decisionCard(task: ListedTask, data: InboxData): SafeHtml {
  const request = task.extensions.find((e) => e.status === 'pending')!;
  const failed = data.failure?.taskId === task.id ? data.failure : undefined;
  return html`<article class="card decision" data-task-id="${task.id}" aria-labelledby="d-${task.id}">
    <h3 id="d-${task.id}">
      [<a href="/ui${task.itemPath}">${task.itemRef}</a>] ${task.title}: ${task.ownerName} asks for ${request.requestedDueDate} instead of ${task.dueDate}
    </h3>
    <p>Reason: ${request.reason}</p>
    ${failed ? html`<p class="error" role="alert">${failed.message}</p>` : ''}
    <form method="post" action="/ui/tasks/${task.id}/extension-decision">
      <input type="hidden" name="requestId" value="${request.id}" />
      <fieldset>
        <legend>Decision</legend>
        <label><input type="radio" name="approve" value="yes" required /> Approve: every reminder moves to the new date</label>
        <label><input type="radio" name="approve" value="no" /> Refuse</label>
      </fieldset>
      <label for="comment-${task.id}">Comment</label><textarea id="comment-${task.id}" name="comment"></textarea>
      <p><button type="submit">Decide</button></p>
    </form>
  </article>`;
}

/** A person's open tasks, soonest due first, each with the form that completes its step. */
export function inboxPage(data: InboxData): string {
  const own = data.owner.id === data.viewer.id;
  const decisions = data.toDecide.length
    ? html`<section aria-labelledby="to-decide">
        <h2 id="to-decide">Requests for more time for you to decide</h2>
        ${data.toDecide.map((t) => decisionCard(t, data))}
      </section>`
    : '';
  const body = html`${data.notice ? html`<p class="notice" role="status">${data.notice}</p>` : ''}${decisions}
  ${data.tasks.length ? data.tasks.map((t) => taskCard(t, data)) : html`<p class="notice">No open tasks.</p>`}`;
  return page({ title: own ? 'My tasks' : `Tasks of ${data.owner.name}`, person: data.viewer, body });
}
