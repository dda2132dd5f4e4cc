import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html, type SafeHtml } from '../../domain/html';
import { page } from '../layout';

type Task = ApiAnswer<'get', '/tasks'>['items'][number];
type Overdue = ApiAnswer<'get', '/overdue'>['groups'][number]['items'][number];
type Audit = ApiAnswer<'get', '/audits'>['items'][number];
type Reviews = ApiAnswer<'get', '/reviews'>;

export interface ProgrammeHomeData {
  person: Person;
  aims: { id: string; name: string }[];
  tasks: Task[];
  overdue: Overdue[];
  audits: Audit[];
  reviews: Reviews;
}

const taskLink = (t: { itemPath: string; itemRef: string; title: string }) => html`<a href="/ui${t.itemPath}">[${t.itemRef}] ${t.title}</a>`;

function listOf(id: string, title: string, items: SafeHtml[], empty: string): SafeHtml {
  return html`<section class="card" aria-labelledby="${id}">
    <h2 id="${id}">${title} (${items.length})</h2>
    ${
      items.length
        ? html`<ul>
            ${items.map((i) => html`<li>${i}</li>`)}
          </ul>`
        : html`<p class="muted">${empty}</p>`
    }
  </section>`;
}

/** What needs the programme manager now: their own steps (plans to approve, teams to name), what is overdue, what comes next. */
export function programmeHomePage(data: ProgrammeHomeData): string {
  const mine = (step: string) => data.tasks.filter((t) => t.step === step);
  const other = data.tasks.filter((t) => !['plan_approval', 'audit_team'].includes(t.step));
  const due = (t: Task) => html`${taskLink(t)}, due ${t.dueDate}${t.overdue ? html` <span class="late">overdue</span>` : ''}`;
  const aimsNames = new Map(data.aims.map((a) => [a.id, a.name]));
  const body = html`<p>
      <a href="/ui/inbox">My tasks with their forms</a> · <a href="/ui/cases">Nonconformity register</a> · <a href="/ui/aims/new">Set up a new AIMS</a>
    </p>
    ${listOf('plans', 'Plans to approve', mine('plan_approval').map(due), 'No action plan waits for you.')}
    ${listOf('teams', 'Audit teams to name', mine('audit_team').map(due), 'No audit waits for its team.')}
    ${listOf('other', 'Your other steps', other.map(due), 'Nothing else is yours.')}
    ${listOf(
      'overdue',
      'Overdue, longest first',
      data.overdue.map((t) => html`${taskLink(t)}: ${t.ownerName}, <span class="late">${t.daysOverdue} days overdue</span>`),
      'Nothing is overdue.',
    )}
    ${listOf(
      'audits',
      'Coming audits',
      data.audits.map(
        (a) => html`<a href="/ui/audits/${a.id}">${a.reference}</a> ${aimsNames.get(a.aimsId) ?? ''}: fieldwork from ${a.fieldworkStart} (${a.status})`,
      ),
      'No audit is open.',
    )}
    ${listOf(
      'reviews',
      'Coming management reviews',
      [
        ...data.reviews.items
          .filter((r) => r.status !== 'closed')
          .map(
            (r) =>
              html`<a href="/ui/reviews/${r.id}/minutes">${r.reference}</a> ${aimsNames.get(r.aimsId) ?? ''}: meeting ${r.meetingDate}
                (${r.status.replaceAll('_', ' ')})`,
          ),
        ...data.reviews.planned.map((r) => html`${aimsNames.get(r.aimsId) ?? ''}: meeting ${r.meetingDate}, opens ${r.opensAt.slice(0, 10)}`),
      ],
      'No review is planned.',
    )}
    <section class="card" aria-labelledby="aims-list">
      <h2 id="aims-list">AI management systems</h2>
      <ul>
        ${data.aims.map((a) => html`<li><a href="/ui/aims/${a.id}">${a.name}</a></li>`)}
      </ul>
    </section>`;
  return page({ title: 'Programme', person: data.person, body });
}
