/**
 * The range of calendar dates and instants the engine accepts anywhere. Dates outside it are
 * refused at the edge: PostgreSQL and the calendar code (luxon, ISO weeks, holidays) cannot take
 * every date a string can spell (year 0001, year 9999 plus a reminder's working days), and a
 * workflow that met one would retry its activity forever. Pure: workflow code may import it.
 */
export const DATE_MIN = '1970-01-01';
export const DATE_MAX = '2199-12-31';
export const INSTANT_MIN = `${DATE_MIN}T00:00:00.000Z`;
export const INSTANT_MAX = `${DATE_MAX}T23:59:59.999Z`;

/**
 * Single-line text: no C0 control, DEL or C1 control anywhere. Written as a whole-string pattern
 * so the OpenAPI document carries it and generated clients and fuzzers know the rule.
 */
export const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/** Multi-line text: the same, but line feeds, carriage returns and tabs are allowed. */
export const MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/;

/** A lone (unpaired) UTF-16 surrogate, which PostgreSQL's UTF-8 cannot store. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Between DATE_MIN and DATE_MAX; the caller has checked the YYYY-MM-DD shape. */
export function isDateInRange(date: string): boolean {
  return date >= DATE_MIN && date <= DATE_MAX;
}

export function isInstantInRange(instant: string): boolean {
  const ms = Date.parse(instant);
  return Number.isFinite(ms) && ms >= Date.parse(INSTANT_MIN) && ms <= Date.parse(INSTANT_MAX);
}
