import type Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { dateOfEpochDay, epochDayOf } from './iso-date';

/**
 * The one adapter over date-holidays. A region code is 'country[-state[-region]]' exactly as
 * date-holidays lists it ('DE', 'DE-BY', 'GB-ENG', 'US-CA', 'NZ-CAN-Timaru'), so a stored code
 * always means the same region.
 */
export interface HolidayRegion {
  country: string;
  state?: string;
  region?: string;
}

const DAY_MS = 86_400_000;
/** 'YYYY-MM-DD hh:mm:ss', optionally followed by an offset such as ' -0600' (Hebrew calendar eves). */
const HOLIDAY_DATE = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})/;

/**
 * date-holidays, with every country's rules, takes ~0.1 s of CPU to load: loaded at the first
 * question about holidays (an activity's or a request's), not while the engine starts.
 */
let holidaysClass: typeof Holidays | undefined;
function loadHolidays(): typeof Holidays {
  holidaysClass ??= require('date-holidays') as typeof Holidays;
  return holidaysClass;
}

let directory: Holidays | undefined;
const holidaysByRegion = new Map<string, Holidays>();
const publicHolidaysByRegionYear = new Map<string, ReadonlyMap<string, string>>();

function holidayDirectory(): Holidays {
  directory ??= new (loadHolidays())();
  return directory;
}

function listed(codes: Record<string, string> | undefined, code: string): boolean {
  return codes !== undefined && Object.hasOwn(codes, code);
}

export function parseHolidayRegion(code: string): HolidayRegion | undefined {
  if (typeof code !== 'string') return undefined;
  const parts = code.split('-');
  if (parts.length > 3) return undefined;
  const [country = '', state, region] = parts;
  const known = holidayDirectory();
  if (!listed(known.getCountries(), country)) return undefined;
  if (state === undefined) return { country };
  if (!listed(known.getStates(country), state)) return undefined;
  if (region === undefined) return { country, state };
  if (!listed(known.getRegions(country, state), region)) return undefined;
  return { country, state, region };
}

/** True when date-holidays knows the country, state and region (codes are case-sensitive). */
export function isHolidayRegion(code: string): boolean {
  return parseHolidayRegion(code) !== undefined;
}

function holidaysOf(code: string): Holidays {
  let holidays = holidaysByRegion.get(code);
  if (!holidays) {
    const region = parseHolidayRegion(code);
    if (!region) throw new RangeError(`unknown holiday region ${JSON.stringify(code)}`);
    // UTC makes start/end plain wall-clock arithmetic: no 23- or 25-hour days at DST changes.
    holidays = new (loadHolidays())(region, { timezone: 'UTC', types: ['public'] });
    holidaysByRegion.set(code, holidays);
  }
  return holidays;
}

/**
 * Every ISO date covered by a public holiday that date-holidays lists under `year`, with its
 * name. A holiday spanning several days (RU New Year holidays, KR Seollal) covers each of them;
 * one that starts on the eve of the following year is listed, and so returned, under its start
 * year. Pure data of the installed package version, so memoised for the process.
 */
export function publicHolidays(code: string, year: number): ReadonlyMap<string, string> {
  const key = `${code}:${year}`;
  let dates = publicHolidaysByRegionYear.get(key);
  if (!dates) {
    dates = collectPublicHolidays(holidaysOf(code), year);
    publicHolidaysByRegionYear.set(key, dates);
  }
  return dates;
}

function collectPublicHolidays(holidays: Holidays, year: number): ReadonlyMap<string, string> {
  const dates = new Map<string, string>();
  for (const holiday of holidays.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    for (const date of coveredDates(holiday)) {
      if (!dates.has(date)) dates.set(date, holiday.name);
    }
  }
  return dates;
}

/**
 * The local dates a holiday covers, read from its wall-clock `date` and its length, never from
 * `start` converted through some zone: a one-day holiday maps to exactly its own date, and one
 * starting at 14:00 (or on a sunset eve) does not leak into a neighbouring day.
 */
function coveredDates(holiday: HolidaysTypes.Holiday): string[] {
  const match = HOLIDAY_DATE.exec(holiday.date);
  if (!match) throw new Error(`date-holidays returned an unreadable date ${JSON.stringify(holiday.date)}`);
  const firstDay = epochDayOf(match[1]!);
  const startOfDayMs = ((Number(match[2]) * 60 + Number(match[3])) * 60 + Number(match[4])) * 1000;
  const lengthMs = Math.max(1, holiday.end.getTime() - holiday.start.getTime());
  const lastDay = firstDay + Math.floor((startOfDayMs + lengthMs - 1) / DAY_MS);
  const dates: string[] = [];
  for (let day = firstDay; day <= lastDay; day++) dates.push(dateOfEpochDay(day));
  return dates;
}
