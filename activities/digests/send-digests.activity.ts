import { loadReach } from '../../services/access';
import { asyncLocalStorage } from '@temporalio/activity';
import { listActiveDigestReaders } from '../../db/repositories/people.repository';
import { notificationKey } from '../../domain/notification-key';
import { renderOverdueReport, renderWeeklyDigest } from '../../mail/templates/digest-email';
import type { RenderedEmail } from '../../mail/templates/task-email';
import { KIND_LABELS, listOpenTasks, type ListedTask } from '../../services/task-listing';
import { sendOnce, type SendDeps } from '../send-email.activity';
import { periodContaining, type DigestPeriod } from './digest-periods';

export interface DigestDeps extends SendDeps {
  publicBaseUrl: string;
}

export interface SendDueDigestsInput {
  /** Exclusive: digests whose instant is at or before this were the previous run's. */
  since: string;
  /** Inclusive: the workflow time of this run. */
  at: string;
}

export interface SendDueDigestsResult {
  sent: number;
  alreadySent: number;
  /** Digests due in the window whose recipient had nothing to read: skipped, nothing recorded. */
  empty: number;
}

/** Heartbeats when run by a worker; a plain call (a test, a script) has no activity context. */
const heartbeat = (details: unknown) => asyncLocalStorage.getStore()?.heartbeat(details);

/**
 * Sends every digest whose send instant falls in (since, at]: each active person's weekly list
 * of their own open tasks, and each active manager's monthly overdue report. Only the period
 * containing `at` is considered, so after an outage the current digest goes out once and old
 * periods are not replayed. Tasks are read as of the digest instant, so "overdue" is what it
 * was at 09:00 on the recipient's clock. sendOnce dedupes on (person, kind, period): a retry or
 * a second run over the same window sends nothing twice.
 */
export function createSendDueDigests(deps: DigestDeps) {
  return async function sendDueDigests(input: SendDueDigestsInput): Promise<SendDueDigestsResult> {
    const since = Date.parse(input.since);
    const at = new Date(input.at);
    const due = (period: DigestPeriod) => period.at.getTime() > since && period.at.getTime() <= at.getTime();
    const people = await listActiveDigestReaders(deps.db);
    const result: SendDueDigestsResult = { sent: 0, alreadySent: 0, empty: 0 };
    const count = (outcome: 'sent' | 'alreadySent' | 'empty') => (result[outcome] += 1);
    // Open tasks as of a digest instant, read once and shared by everyone whose digest falls then
    // (everyone in one zone): a query per zone, not per person.
    const openAt = new Map<number, Promise<{ all: ListedTask[]; byOwner: Map<string, ListedTask[]> }>>();
    const openTasksAt = (instant: Date) => {
      const listed =
        openAt.get(instant.getTime()) ??
        listOpenTasks(deps.db, instant).then((all) => {
          const byOwner = new Map<string, ListedTask[]>();
          for (const task of all) {
            const own = byOwner.get(task.ownerId) ?? [];
            own.push(task);
            byOwner.set(task.ownerId, own);
          }
          return { all, byOwner };
        });
      openAt.set(instant.getTime(), listed);
      return listed;
    };
    for (const [index, person] of people.entries()) {
      heartbeat({ index, of: people.length });
      const week = periodContaining('weekly', at, person.time_zone);
      if (due(week)) {
        const items = (await openTasksAt(week.at)).byOwner.get(person.id) ?? [];
        const email =
          items.length === 0 ? null : renderWeeklyDigest({ recipientName: person.name, period: week.key, items, publicBaseUrl: deps.publicBaseUrl });
        count(await send(deps, person, week, email));
      }
      const month = periodContaining('monthly', at, person.time_zone);
      // Management's report covers the AIMS they hold that role on, and nothing of another organisation.
      const managed = due(month) ? (await loadReach(deps.db, person.id)).aimsWith(['management']) : [];
      if (managed.length > 0) {
        const items = sortForReport((await openTasksAt(month.at)).all.filter((t) => t.overdue && managed.includes(t.aimsId)));
        const email =
          items.length === 0
            ? null
            : renderOverdueReport({ recipientName: person.name, period: month.key, items, kindLabels: KIND_LABELS, publicBaseUrl: deps.publicBaseUrl });
        count(await send(deps, person, month, email));
      }
    }
    return result;
  };
}

/** By AIMS, then kind, then longest overdue first: the grouping the report shows. */
function sortForReport(items: ListedTask[]): ListedTask[] {
  return [...items].sort(
    (a, b) =>
      a.aimsName.localeCompare(b.aimsName) ||
      a.aimsId.localeCompare(b.aimsId) ||
      a.kind.localeCompare(b.kind) ||
      b.daysOverdue - a.daysOverdue ||
      a.itemRef.localeCompare(b.itemRef),
  );
}

async function send(
  deps: DigestDeps,
  person: { id: string; email: string },
  period: DigestPeriod,
  email: RenderedEmail | null,
): Promise<'sent' | 'alreadySent' | 'empty'> {
  if (!email) return 'empty';
  const outcome = await sendOnce(deps, {
    dedupeKey: notificationKey({ item: `digest:${period.kind}`, step: person.id, kind: 'digest', dueDate: period.key }),
    to: person.email,
    ...email,
    plannedFor: period.at.toISOString(),
  });
  return outcome.alreadySent ? 'alreadySent' : 'sent';
}
