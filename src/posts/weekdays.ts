// DAILY_DAYS: which weekdays post. Accepts ranges and lists of three-letter
// names ("mon-fri", "mon,wed,fri", "sat-sun", "mon-sun"), or "daily".

const NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Parses a weekday spec into day numbers (0 = Sunday); undefined if it is not one. */
export function parseWeekdays(spec: string): number[] | undefined {
  const text = spec.trim().toLowerCase();
  if (text === 'daily' || text === 'every day' || text === 'all') return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^([a-z]{3})(?:-([a-z]{3}))?$/.exec(part);
    if (!range) return undefined;
    const from = NAMES.indexOf(range[1]!);
    const to = NAMES.indexOf(range[2] ?? range[1]!);
    if (from === -1 || to === -1) return undefined;
    // A range wraps past Saturday: "fri-mon" is Fri, Sat, Sun, Mon.
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return days.size === 0 ? undefined : [...days].sort();
}

/** "Mon–Fri", "every day", "Mon, Wed, Fri". */
export function describeWeekdays(days: readonly number[]): string {
  const set = [...new Set(days)].sort();
  if (set.length === 7) return 'every day';
  if (set.join() === '1,2,3,4,5') return 'Mon–Fri';
  return set.map((d) => NAMES[d]!.charAt(0).toUpperCase() + NAMES[d]!.slice(1)).join(', ');
}
