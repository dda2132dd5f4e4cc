import { z } from 'zod';
import { isHolidayRegion } from '../../calendar/working-calendar';
import {
  DATE_MAX,
  DATE_MIN,
  INSTANT_MAX,
  INSTANT_MIN,
  MULTI_LINE,
  SINGLE_LINE,
  hasLoneSurrogate,
  isDateInRange,
  isInstantInRange,
} from '../../domain/field-bounds';
import { isClauseId, isControlId } from '../../domain/reference/iso42001';
import { isIanaZone } from '../../domain/time-zone';

// The one set of field types every request schema (bodies, paths, queries) is built from. Each
// type refuses at the edge what storage or the calendar code cannot take, so no workflow is ever
// handed a value its activities would fail on, and retry, forever.

export { DATE_MAX, DATE_MIN, INSTANT_MAX, INSTANT_MIN } from '../../domain/field-bounds';

const NO_CONTROLS = 'must not contain control characters';
const NO_CONTROLS_BUT_LINES = 'must not contain control characters other than line breaks and tabs';
const NO_LONE_SURROGATE = 'must not contain an unpaired surrogate (not valid Unicode)';

/**
 * No control characters (but line breaks and tabs in multi-line text) and well-formed Unicode.
 * Checked before trimming, so the API refuses exactly what the documented pattern refuses.
 */
function storable(multiLine: boolean): z.ZodString {
  return z
    .string()
    .regex(multiLine ? MULTI_LINE : SINGLE_LINE, multiLine ? NO_CONTROLS_BUT_LINES : NO_CONTROLS)
    .refine((v) => !hasLoneSurrogate(v), NO_LONE_SURROGATE);
}

/** Required single-line text (a title, a name): trimmed, not empty, no control characters. */
export function line(max: number, emptyMessage = 'must not be empty') {
  return storable(false)
    .trim()
    .min(1, emptyMessage)
    .max(max)
    .meta({ description: `single line, 1–${max} characters, no control characters` });
}

/** Required multi-line text (evidence, minutes): as `line`, but line breaks and tabs are allowed. */
export function paragraph(max: number, emptyMessage = 'must not be empty') {
  return storable(true)
    .trim()
    .min(1, emptyMessage)
    .max(max)
    .meta({ description: `text, 1–${max} characters; line breaks and tabs are the only control characters allowed` });
}

/** Multi-line text that may be empty (a comment, a description). */
export function optionalParagraph(max: number) {
  return storable(true)
    .trim()
    .max(max)
    .meta({ description: `text, at most ${max} characters; line breaks and tabs are the only control characters allowed` });
}

/** A calendar date, YYYY-MM-DD, that exists and lies in the range the engine accepts. */
export const calendarDate = z.iso
  .date({ error: 'must be a calendar date as YYYY-MM-DD' })
  .refine(isDateInRange, `must lie between ${DATE_MIN} and ${DATE_MAX}`)
  .meta({ description: `a calendar date (YYYY-MM-DD) from ${DATE_MIN} to ${DATE_MAX}` });

/** An instant, ISO 8601 with a UTC offset or Z, in the range the engine accepts. */
export const instant = z.iso
  .datetime({ offset: true, error: 'must be an instant as ISO 8601 with an offset, such as 2027-03-01T09:00:00Z' })
  .refine(isInstantInRange, `must lie between ${INSTANT_MIN} and ${INSTANT_MAX}`)
  .meta({ description: `an instant (ISO 8601 with an offset) from ${INSTANT_MIN} to ${INSTANT_MAX}` });

/** A clause (9.2) or Annex A control (A.6.2.4) exactly as the standard numbers it: no padding. */
export const clauseOrControlRef = z
  .string()
  .max(20)
  .refine((id) => isClauseId(id) || isControlId(id), 'must be a clause (9.2) or an Annex A control (A.6.2.4) of ISO/IEC 42001')
  .meta({ description: 'a clause (4.1 … 10.2) or Annex A control (A.2.2 … A.10.4) of ISO/IEC 42001' });

export const controlRef = z
  .string()
  .max(20)
  .refine(isControlId, 'must be an Annex A control such as A.6.2.4')
  .meta({ description: 'an Annex A control (A.2.2 … A.10.4) of ISO/IEC 42001' });

/**
 * The id of a person, AIMS, audit… The shape is checked here; that the item exists (and, for a
 * person, is active; for an audit, belongs to the same AIMS) is checked by the route before any
 * workflow hears of it (`api/edge-checks.ts`), answering 422 naming the field.
 */
export function ref(what: string) {
  return z.uuid({ error: `must be the id of ${what}` }).meta({ description: `the id of ${what}; it must exist` });
}

/** A sha256 as hex (a file's digest someone read off a download), compared in lower case. */
export const sha256Hex = storable(false)
  .regex(/^[0-9a-fA-F]{64}$/, 'must be a sha256 in hex (64 characters 0-9, a-f)')
  .transform((v) => v.toLowerCase())
  .meta({ description: 'a sha256 in hex, 64 characters' });

export const timeZone = z
  .string()
  .max(64)
  .refine(isIanaZone, 'must be an IANA time zone such as Europe/Berlin')
  .meta({ description: 'an IANA time zone such as Europe/Berlin' });

export const holidayRegion = z
  .string()
  .max(20)
  .refine(isHolidayRegion, 'must be a holiday region such as DE, DE-BY, GB-ENG or US-CA')
  .meta({ description: 'a holiday region such as DE, DE-BY, GB-ENG or US-CA' });

/** An email address no longer than SMTP allows; a control character in it is refused with that reason. */
export const email = z
  .email('must be an email address')
  .max(254)
  .refine((v) => SINGLE_LINE.test(v), NO_CONTROLS)
  .refine((v) => !hasLoneSurrogate(v), NO_LONE_SURROGATE)
  .meta({ description: 'an email address' });

export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:mm');

/**
 * A link to where a document lives (an intranet page, a document store): an absolute http or
 * https URL on one line. Stored files with their hashes are issue #14's evidence storage.
 */
export const link = storable(false)
  .trim()
  .min(1, 'must not be empty')
  .max(2_000)
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an absolute http or https URL')
  .meta({ description: 'an absolute http(s) URL, at most 2000 characters, no control characters' });

const NOT_A_CURSOR = 'must be the nextCursor of a previous page, unchanged';

/**
 * An opaque paging cursor: base64url of the JSON the server wrote (`encodeCursor`), read back
 * and checked with `shape`, so a tampered or truncated one is refused naming the field instead
 * of reaching a query. Its values only say where a page starts: one that decodes and passes
 * `shape` can show nothing a first page would not.
 */
export function cursor<T extends z.ZodType>(shape: T) {
  return z
    .string()
    .max(1024)
    .regex(/^[A-Za-z0-9_-]+$/, NOT_A_CURSOR)
    .transform((value, ctx): z.output<T> => {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
      } catch {
        ctx.addIssue({ code: 'custom', message: NOT_A_CURSOR });
        return z.NEVER;
      }
      const parsed = shape.safeParse(decoded);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: NOT_A_CURSOR });
        return z.NEVER;
      }
      return parsed.data;
    })
    .meta({ description: 'the nextCursor of the previous page, as it was given' });
}

/** The cursor `cursor(shape)` reads back. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Text inside a cursor (a group's name or key as the server wrote it): bounded, storable, possibly empty. */
export const cursorText = (max: number) => storable(false).max(max);
