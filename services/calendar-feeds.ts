import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { escape, ICalEventStatus, type ICalCalendar, type ICalCalendarMethod, type ICalEvent } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Db } from '../db/database';
import { findAimsForFeed } from '../db/repositories/aims.repository';
import { listAuditRowsNotCancelled } from '../db/repositories/audit.repository';
import { findCertificationRow } from '../db/repositories/certification.repository';
import { listReviewMeetings } from '../db/repositories/review.repository';
import type { ExternalAuditKind, ExternalAuditRecord } from '../domain/certification';
import { effectivePolicy } from '../domain/policy';
import { findProgramme } from './programme-queries';
import { findReviewCycle } from './review-cycle-queries';
import { KIND_LABELS, type ListedTask } from './task-listing';

// iCalendar feeds: read model in, text out. UIDs are derived from record ids so that a calendar
// app that polls the feed updates its events in place instead of duplicating them.

/** Calendar apps poll a subscription at their own pace; this asks for about once an hour. */
const REFRESH_SECONDS = 60 * 60;

/**
 * ical-generator escapes event text and people's names but writes the calendar's NAME and
 * X-WR-CALNAME as given, so a CR/LF in an AIMS or person name would start new lines (a whole
 * injected VEVENT). The name goes through the library's own TEXT escaping instead.
 */
function calendarName(name: string): string {
  return escape(name, false);
}

/** A calendar whose timed events are in `zone`, carrying that zone's VTIMEZONE. */
export function zonedCalendar(options: { name: string; zone: string; method?: ICalCalendarMethod }): ICalCalendar {
  return ical({ name: calendarName(options.name), method: options.method, timezone: { name: options.zone, generator: getVtimezoneComponent } });
}

export interface ReviewMeeting {
  id: string;
  /** MR number; null for a review not opened yet (planned). */
  number: number | null;
  meetingAt: Date;
  minutes: number;
  zone: string;
  url: string;
}

/**
 * The meeting as the invitation and the AIMS feed both show it: one UID, wall-clock time in the
 * AIMS zone. A planned review carries the id it will have once opened (see `plannedReviewId`),
 * so the same UID marks it before and after: calendar apps update the event, never add a second.
 */
export function addReviewMeeting(calendar: ICalCalendar, review: ReviewMeeting): ICalEvent {
  const start = DateTime.fromJSDate(review.meetingAt).setZone(review.zone);
  const planned = review.number === null;
  return calendar.createEvent({
    id: `management-review-${review.id}@aims-cycles`,
    start,
    end: start.plus({ minutes: review.minutes }),
    timezone: review.zone,
    summary: planned ? 'Management review (planned)' : `Management review MR-${review.number}`,
    description: planned
      ? `Planned management review (ISO/IEC 42001 9.3); it opens 20 working days before the meeting. The cycle: ${review.url}`
      : `Management review (ISO/IEC 42001 9.3). Review pack: ${review.url}`,
    url: review.url,
    ...(planned ? { status: ICalEventStatus.TENTATIVE } : {}),
  });
}

/**
 * An all-day event from `first` to `last` inclusive (DTEND is exclusive). Dates are midnight in
 * `zone`, the calendar's own zone (or UTC when it has none), so ical-generator writes them as
 * the same calendar dates.
 */
function addDays(
  calendar: ICalCalendar,
  zone: string,
  event: { id: string; first: string; last?: string; summary: string; description: string; url?: string },
) {
  const start = DateTime.fromISO(event.first, { zone });
  const end = DateTime.fromISO(event.last ?? event.first, { zone }).plus({ days: 1 });
  calendar.createEvent({ id: event.id, allDay: true, start, end, summary: event.summary, description: event.description, url: event.url });
}

/** A person's open tasks as all-day events on their due dates (dates, not instants: no zone). */
export function personFeedIcs(person: { name: string }, tasks: ListedTask[], baseUrl: string): string {
  const calendar = ical({ name: calendarName(`AIMS cycles: ${person.name}`), ttl: REFRESH_SECONDS });
  for (const task of tasks) {
    const url = baseUrl + task.itemPath;
    addDays(calendar, 'utc', {
      id: `task-${task.id}@aims-cycles`,
      first: task.dueDate,
      summary: `[${task.itemRef}] ${task.title}`,
      description: `${KIND_LABELS[task.kind]}, ${task.aimsName}: due ${task.dueDate}.\n${url}`,
      url,
    });
  }
  return calendar.toString();
}

const EXTERNAL_AUDIT_LABELS: Record<ExternalAuditKind, string> = {
  'surveillance-1': 'Surveillance audit 1',
  'surveillance-2': 'Surveillance audit 2',
  recertification: 'Recertification audit',
};

/** What the AIMS feed shows, read from the record. */
export interface AimsFeed {
  aims: { id: string; name: string; zone: string };
  audits: { id: string; number: number; status: string; scope: string[]; fieldworkStart: string; fieldworkEnd: string }[];
  /** Programme occurrences not opened yet (their fieldwork start as things stand). */
  plannedAudits: { index: number; fieldworkStart: string }[];
  reviews: (Omit<ReviewMeeting, 'url' | 'zone' | 'number'> & { number: number })[];
  /** Meetings of the review cycle not opened yet, with the id each review will have. */
  plannedReviews: { reviewId: string; index: number; meetingAt: Date; minutes: number }[];
  certification: {
    cycle: number;
    status: string;
    body: string | null;
    stage1: { date: string; outcome: string } | null;
    stage2: { date: string; outcome: string } | null;
    expiryDate: string | null;
    plannedAudits: { kind: ExternalAuditKind; dueDate: string }[];
    externalAudits: ExternalAuditRecord[];
  } | null;
}

export async function loadAimsFeed(db: Db, aimsId: string): Promise<AimsFeed | undefined> {
  const aims = await findAimsForFeed(db, aimsId);
  if (!aims) return undefined;
  const [audits, reviews, certification, programme, reviewCycle] = await Promise.all([
    listAuditRowsNotCancelled(db, aimsId),
    listReviewMeetings(db, aimsId),
    findCertificationRow(db, aimsId),
    findProgramme(db, aimsId, { predictScope: false }),
    findReviewCycle(db, aimsId),
  ]);
  const opened = new Set(audits.map((a) => a.occurrence_index));
  const minutes = effectivePolicy(aims.policy).reviewMeetingMinutes;
  return {
    aims: { id: aims.id, name: aims.name, zone: aims.time_zone },
    audits: audits.map((a) => ({
      id: a.id,
      number: a.number,
      status: a.status,
      scope: a.scope,
      fieldworkStart: a.fieldwork_start,
      fieldworkEnd: a.fieldwork_end,
    })),
    // A paused programme opens nothing, so its occurrences are not announced.
    plannedAudits:
      programme && !programme.paused
        ? programme.upcoming.filter((o) => o.status !== 'skipped' && !opened.has(o.index)).map((o) => ({ index: o.index, fieldworkStart: o.fieldworkStart }))
        : [],
    reviews: reviews.map((r) => ({ id: r.id, number: r.number, meetingAt: r.meeting_at, minutes })),
    plannedReviews: (reviewCycle?.planned ?? []).map((r) => ({ reviewId: r.reviewId, index: r.index, meetingAt: new Date(r.meetingAt), minutes })),
    certification: certification
      ? {
          cycle: certification.cycle,
          status: certification.status,
          body: certification.certification_body,
          stage1: certification.stage1_date ? { date: certification.stage1_date, outcome: certification.stage1_outcome ?? '' } : null,
          stage2: certification.stage2_date ? { date: certification.stage2_date, outcome: certification.stage2_outcome ?? '' } : null,
          expiryDate: certification.expiry_date,
          plannedAudits: certification.planned_audits as { kind: ExternalAuditKind; dueDate: string }[],
          externalAudits: certification.external_audits as ExternalAuditRecord[],
        }
      : null,
  };
}

/** Internal audits, management review meetings and external audits of one AIMS, in its zone. */
export function aimsFeedIcs(feed: AimsFeed, baseUrl: string): string {
  const { aims } = feed;
  const zone = aims.zone;
  const calendar = zonedCalendar({ name: `AIMS cycles: ${aims.name}`, zone }).ttl(REFRESH_SECONDS);
  for (const audit of feed.audits) {
    const url = `${baseUrl}/audits/${audit.id}`;
    addDays(calendar, zone, {
      id: `audit-${audit.id}@aims-cycles`,
      first: audit.fieldworkStart,
      last: audit.fieldworkEnd,
      summary: `[IA-${audit.number}] Internal audit fieldwork`,
      description: `Internal audit (ISO/IEC 42001 9.2), ${audit.status}. Scope: ${audit.scope.join(', ')}.\n${url}`,
      url,
    });
  }
  for (const planned of feed.plannedAudits) {
    addDays(calendar, zone, {
      id: `audit-plan-${aims.id}-${planned.index}@aims-cycles`,
      first: planned.fieldworkStart,
      summary: 'Internal audit fieldwork starts (planned)',
      description: `Planned internal audit (ISO/IEC 42001 9.2); it opens 20 working days before fieldwork.\n${baseUrl}/aims/${aims.id}/programme`,
    });
  }
  for (const review of feed.reviews) addReviewMeeting(calendar, { ...review, zone, url: `${baseUrl}/reviews/${review.id}` });
  for (const review of feed.plannedReviews) {
    addReviewMeeting(calendar, {
      id: review.reviewId,
      number: null,
      meetingAt: review.meetingAt,
      minutes: review.minutes,
      zone,
      url: `${baseUrl}/aims/${aims.id}/review-cycle`,
    });
  }
  const cert = feed.certification;
  if (cert) addCertificationEvents(calendar, zone, aims.id, cert, `${baseUrl}/aims/${aims.id}/certification`);
  return calendar.toString();
}

function addCertificationEvents(calendar: ICalCalendar, zone: string, aimsId: string, cert: NonNullable<AimsFeed['certification']>, url: string) {
  const by = cert.body ? ` by ${cert.body}` : '';
  for (const [stage, record] of [
    ['1', cert.stage1],
    ['2', cert.stage2],
  ] as const) {
    if (!record) continue;
    addDays(calendar, zone, {
      id: `certification-stage${stage}-${aimsId}@aims-cycles`,
      first: record.date,
      summary: `Certification stage ${stage} audit (${record.outcome})`,
      description: `Stage ${stage} audit${by}.\n${url}`,
      url,
    });
  }
  for (const audit of cert.externalAudits) {
    addDays(calendar, zone, {
      id: `external-audit-${audit.id}@aims-cycles`,
      first: audit.date,
      summary: `[CERT-${cert.cycle}] ${EXTERNAL_AUDIT_LABELS[audit.kind]} (${audit.outcome})`,
      description: `External audit${by}: ${audit.outcome}, ${audit.findings.length} finding(s).\n${url}`,
      url,
    });
  }
  // A planned audit stays on the calendar until one of its kind has passed (a failed one is redone).
  const passed = new Set(cert.externalAudits.filter((a) => a.outcome === 'passed').map((a) => a.kind));
  for (const planned of cert.plannedAudits.filter((p) => !passed.has(p.kind))) {
    addDays(calendar, zone, {
      id: `external-audit-plan-${aimsId}-${cert.cycle}-${planned.kind}@aims-cycles`,
      first: planned.dueDate,
      summary: `[CERT-${cert.cycle}] ${EXTERNAL_AUDIT_LABELS[planned.kind]} due (latest date)`,
      description: `The ${EXTERNAL_AUDIT_LABELS[planned.kind].toLowerCase()}${by} must take place by ${planned.dueDate}.\n${url}`,
      url,
    });
  }
  if (cert.expiryDate && cert.status === 'certified') {
    addDays(calendar, zone, {
      id: `certificate-expiry-${aimsId}-${cert.cycle}@aims-cycles`,
      first: cert.expiryDate,
      summary: `[CERT-${cert.cycle}] Certificate expires`,
      description: `The certificate expires unless recertified before.\n${url}`,
      url,
    });
  }
}
