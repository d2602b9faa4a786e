// Times of day as `subscribe` and `subscribe foryou` take them: 24-hour
// HH:MM. A word that looks like a time in another form (8am, 8 pm, 8.30,
// 0800, 20h) is read as a time that is not in that form, so the answer says
// how times are written, never that "8am" is not a time zone.

/** Whether a word is meant as a time of day: HH:MM, or 8am, 8:30pm, 8.30, 20h30, 0800, 8. */
export function looksLikeTime(word: string): boolean {
  return /^\d{1,2}(?:[:.h]\d{0,2})?(?:[ap]\.?m\.?)?$/i.test(word) || /^\d{3,4}$/.test(word);
}

/**
 * Splits a command's words into its time (the words that look like one,
 * "8 pm" taken together) and the rest. More than one time comes back joined,
 * so it is answered as a time that cannot be read.
 */
export function takeTime(words: readonly string[]): { time?: string; rest: string[] } {
  const merged: string[] = [];
  for (const w of words) {
    const last = merged[merged.length - 1];
    if (last !== undefined && /^\d{1,2}(?:[:.]\d{2})?$/.test(last) && /^[ap]\.?m\.?$/i.test(w)) merged[merged.length - 1] = `${last}${w}`;
    else merged.push(w);
  }
  const times = merged.filter(looksLikeTime);
  return { time: times.length === 0 ? undefined : times.join(' '), rest: merged.filter((w) => !looksLikeTime(w)) };
}

/** "8:30" -> "08:30"; undefined unless a valid 24-hour HH:MM time. */
export function normalizeTime(text: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${m[2]}` : undefined;
}

/** The 24-hour HH:MM a time in another form means (8pm -> 20:00, 0800 -> 08:00, 8.30 -> 08:30); undefined when unclear. */
function asHhMm(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/\./g, (dot, at: number, all: string) => (/\d/.test(all[at + 1] ?? '') ? ':' : ''));
  const ampm = /^(\d{1,2})(?::(\d{2}))?([ap])m$/.exec(t);
  if (ampm) {
    const h = Number(ampm[1]);
    if (h < 1 || h > 12) return undefined;
    return normalizeTime(`${(h % 12) + (ampm[3] === 'p' ? 12 : 0)}:${ampm[2] ?? '00'}`);
  }
  const hm = /^(\d{1,2})(?:[:h](\d{2})?)?$/.exec(t);
  if (hm) return normalizeTime(`${hm[1]}:${hm[2] ?? '00'}`);
  const digits = /^(\d{1,2})(\d{2})$/.exec(t);
  return digits ? normalizeTime(`${digits[1]}:${digits[2]}`) : undefined;
}

/** Why a time was not taken, with the command to type instead: `example` builds it from a time. */
export function timeProblem(text: string, example: (time: string) => string): string {
  const meant = asHhMm(text);
  if (meant !== undefined) return `Times are 24-hour HH:MM: for “${text}” say ${meant}, as in ${example(meant)}.`;
  return `“${text}” is not a time of day. Use 24-hour HH:MM, e.g. ${example('08:30')}.`;
}
