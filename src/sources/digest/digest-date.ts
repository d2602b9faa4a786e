import type { IsoDay } from './digest-types.js';

// The Hugging Face email prints the day as "Apr 21" with no year. We accept the
// short and long month names, an optional trailing period ("Sept."), and an
// optional explicit year ("Apr 21, 2024"), which then wins over inference.
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DATE_LINE =
  /^(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:(?:st|nd|rd|th))?(?:,?\s+(\d{4}))?$/i;
const FILE_NAME_DAY = /(\d{4})-(\d{2})-(\d{2})/;
const DAY_MS = 86_400_000;

/** A month and day read from a date line, with the year if the line had one. */
export interface DateLine {
  month: number;
  day: number;
  year?: number;
}

/** Reads a date line such as `Apr 21`; returns undefined for any other text, and for a day no calendar has. */
export function parseDateLine(text: string): DateLine | undefined {
  const read = readDateLine(text);
  return read && 'month' in read ? read : undefined;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Reads a line shaped like a date line. A real day comes back as a
 * {@link DateLine}; a line with that shape but an impossible day ("Feb 30",
 * "Feb 29, 2025") comes back as a problem saying why it is not a date, so the
 * file's reader is not told "no date line found" about a date they can see.
 */
export function readDateLine(text: string): DateLine | { problem: string } | undefined {
  const trimmed = text.trim();
  const m = DATE_LINE.exec(trimmed);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1;
  const day = Number(m[2]);
  const year = m[3] === undefined ? undefined : Number(m[3]);
  // Feb 29 is checked against a leap year here; the real year is checked later.
  if (isValidDay(year ?? 2024, month, day)) return year === undefined ? { month, day } : { month, day, year };
  const name = MONTH_NAMES[month - 1]!;
  const most = daysIn(year ?? 2024, month);
  const why = year !== undefined && month === 2 && day === 29 ? `${year} is not a leap year` : day < 1 ? 'days start at 1' : `${name} has ${month === 2 && year === undefined ? 'at most ' : ''}${most} days`;
  return { problem: `"${trimmed}" is not a date (${why})` };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A `YYYY-MM-DD` found anywhere in a file name, if it is a real day. */
export function dayFromFileName(fileName: string): IsoDay | undefined {
  const m = FILE_NAME_DAY.exec(fileName);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidDay(year, month, day) ? toIsoDay(year, month, day) : undefined;
}

/**
 * The rule for a date line without a year: the latest such day that is not in
 * the future relative to `anchor`. The anchor is the file name's day when it
 * has one, else the ingestion time plus one day of slack (a digest dated
 * "Apr 21" that arrives at 00:30 in Tokyo is still Apr 20 in UTC).
 */
export function resolveDay(line: DateLine, anchor: { day: IsoDay; slackDays: number }): IsoDay | undefined {
  if (line.year !== undefined) {
    return isValidDay(line.year, line.month, line.day) ? toIsoDay(line.year, line.month, line.day) : undefined;
  }
  const limit = Date.parse(`${anchor.day}T00:00:00Z`) + anchor.slackDays * DAY_MS;
  const anchorYear = new Date(limit).getUTCFullYear();
  // Eight years back always reaches a leap year, so Feb 29 resolves too.
  for (let year = anchorYear; year >= anchorYear - 8; year--) {
    if (!isValidDay(year, line.month, line.day)) continue;
    if (Date.UTC(year, line.month - 1, line.day) <= limit) return toIsoDay(year, line.month, line.day);
  }
  return undefined;
}

/** The UTC calendar day of an instant. */
export function isoDayOf(instant: Date): IsoDay {
  return instant.toISOString().slice(0, 10);
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function toIsoDay(year: number, month: number, day: number): IsoDay {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
