import { DateTime } from 'luxon';
import { html } from '../../domain/html';

export const TASK_EMAIL_KINDS = [
  'assignment',
  'reminder',
  'overdue',
  'escalation',
  'chase',
  'extension_requested',
  'extension_decided',
  'reassigned',
  'closure',
] as const;
export type TaskEmailKind = (typeof TASK_EMAIL_KINDS)[number];

export interface TaskEmailData {
  kind: TaskEmailKind;
  recipientName: string;
  ownerName: string;
  taskTitle: string;
  itemRef: string;
  itemTitle: string;
  itemUrl: string;
  dueDate: string;
  /** For reminders: working days left; for escalations: the level; for chases: the count. */
  detail?: string;
  extension?: { requestedDueDate: string; reason: string; approved?: boolean; comment?: string };
  note?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const longDate = (iso: string) => DateTime.fromISO(iso).setLocale('en-GB').toFormat('cccc d LLLL yyyy');

/** Subject line and the one sentence that says what happened, per kind. */
function headline(d: TaskEmailData): { subject: string; lead: string } {
  const due = longDate(d.dueDate);
  const what = `${d.itemRef}: ${d.taskTitle}`;
  switch (d.kind) {
    case 'assignment':
      return {
        subject: `[${d.itemRef}] Assigned to you: ${d.taskTitle}, due ${due}`,
        lead: `You have been assigned "${d.taskTitle}" for ${d.itemRef}. It is due on ${due}.`,
      };
    case 'reminder':
      return { subject: `[${d.itemRef}] Reminder: ${d.taskTitle} is due ${due}`, lead: `A reminder that "${d.taskTitle}" is due on ${due}.` };
    case 'overdue':
      return { subject: `[${d.itemRef}] Overdue: ${d.taskTitle} was due ${due}`, lead: `"${d.taskTitle}" was due on ${due} and is not done yet.` };
    case 'escalation':
      return {
        subject: `[${d.itemRef}] Escalation: ${d.ownerName}'s task is overdue (${d.taskTitle})`,
        lead: `${d.ownerName}'s task "${d.taskTitle}" was due on ${due} and is still open. You receive this as ${d.detail === 'level-1' ? "the owner's manager" : 'programme management'}.`,
      };
    case 'chase':
      return { subject: `[${d.itemRef}] Still overdue: ${d.taskTitle} (due ${due})`, lead: `"${d.taskTitle}" is still open; it was due on ${due}.` };
    case 'extension_requested':
      return {
        subject: `[${d.itemRef}] Extension requested: ${d.taskTitle}`,
        lead: `${d.ownerName} asks to move "${d.taskTitle}" from ${due} to ${longDate(d.extension!.requestedDueDate)}. Reason: ${d.extension!.reason}`,
      };
    case 'extension_decided': {
      const approved = d.extension!.approved === true;
      return {
        subject: `[${d.itemRef}] Extension ${approved ? 'approved' : 'refused'}: ${d.taskTitle}`,
        lead: approved
          ? `The extension of "${d.taskTitle}" is approved: it is now due on ${due}.`
          : `The extension of "${d.taskTitle}" to ${longDate(d.extension!.requestedDueDate)} is refused: it stays due on ${due}.`,
      };
    }
    case 'reassigned':
      return { subject: `[${d.itemRef}] Reassigned: ${d.taskTitle}`, lead: `"${d.taskTitle}" is no longer yours; it has been reassigned.` };
    case 'closure':
      return { subject: `[${d.itemRef}] Closed: ${d.itemTitle}`, lead: `${what.split(':')[0]} "${d.itemTitle}" is closed.` };
  }
}

/** The text and HTML of every task email, from one set of facts, with a link to the item. */
export function renderTaskEmail(d: TaskEmailData): RenderedEmail {
  const { subject, lead } = headline(d);
  const extra = [d.extension?.comment ? `Comment: ${d.extension.comment}` : '', d.note ?? ''].filter(Boolean);
  const text = [
    `Hello ${d.recipientName},`,
    '',
    lead,
    ...extra.map((line) => `${line}`),
    '',
    `${d.itemRef}: ${d.itemTitle}`,
    `Open it: ${d.itemUrl}`,
    '',
    '-- AIMS cycles',
  ].join('\n');
  const body = html`<p>Hello ${d.recipientName},</p>
    <p>${lead}</p>
    ${extra.map((line) => html`<p>${line}</p> `)}
    <p><a href="${d.itemUrl}">${d.itemRef}: ${d.itemTitle}</a></p>
    <p style="color:#666">AIMS cycles</p>`;
  return { subject, text, html: body.value };
}
