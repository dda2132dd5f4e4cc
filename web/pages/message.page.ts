import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { page } from '../layout';

/** A page that only says something: not allowed, not found, or what went wrong. */
export function messagePage(title: string, message: string, person?: Person): string {
  return page({
    title,
    person,
    body: html`<p class="error" role="alert">${message}</p>
      <p><a href="/ui/inbox">Back to my tasks</a></p>`,
  });
}
