// Wall-clock time in a time zone, from Intl (the platform's tz database), so
// DST changes are handled by the same rules the rest of the system uses.

/** An instant seen on a wall clock in one time zone. */
export interface LocalTime {
  /** `YYYY-MM-DD` in that zone. */
  day: string;
  /** Minutes since local midnight (0-1439). */
  minutes: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** What the clock shows in `zone` at `instant`. */
export function localTime(instant: Date, zone: string): LocalTime {
  const parts = Object.fromEntries(formatter(zone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS.indexOf(String(parts.weekday)),
  };
}

/** `HH:MM` as minutes since midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * The first instant at or after `from` when the clock in `zone` shows a day in
 * `days` at or past `time`: when a subscription will next post. Found by
 * stepping minute by minute over at most 8 days (bounded; DST-proof).
 */
export function nextLocalTime(from: Date, zone: string, time: string, days: readonly number[], skipDay?: string): Date | undefined {
  const target = minutesOf(time);
  let t = Math.ceil(from.getTime() / 60_000) * 60_000;
  for (let step = 0; step < 8 * 24 * 60; step++, t += 60_000) {
    const local = localTime(new Date(t), zone);
    if (local.day !== skipDay && days.includes(local.weekday) && local.minutes >= target) return new Date(t);
  }
  return undefined;
}

/** The ISO week of a local day, `2026-W48` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
