import type { IsoDay } from '../sources/digest/digest-types.js';
import type { LiveSourceState } from '../sources/huggingface/live-state.js';

// How fresh the library is, said where it matters: `today` and `week` (and the
// weekly recap) show "the newest day" as if it were current, so when it is not,
// the answer says how old it is and why. The core learns why from a plain
// value (LiveSourceState) the live feed keeps up to date and main.ts hands it;
// no function in the deps means the bot has no live source at all.

export type { LiveSourceState };

/** A newest day older than this many days is flagged. Two, not one: a weekend has few or no papers. */
export const STALE_AFTER_DAYS = 2;

const DAY_MS = 86_400_000;

/**
 * A note for an answer built on `newest`, or undefined while it is fresh.
 * Days are counted in UTC, as the library's days are.
 */
export function staleNote(newest: IsoDay, now: Date, source: LiveSourceState | undefined): string | undefined {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const age = Math.round((today - Date.parse(`${newest}T00:00:00Z`)) / DAY_MS);
  if (!(age > STALE_AFTER_DAYS)) return undefined;
  return `These are old papers: the newest day here is ${newest}, ${age} days ago, because ${why(source)}.`;
}

function why(source: LiveSourceState | undefined): string {
  switch (source?.state) {
    case undefined:
      return 'no live source is configured (only the digest folder adds papers)';
    case 'off':
      return 'the Hugging Face live source is off (HF_API=off); only the digest folder adds papers';
    case 'fetching':
      return 'the latest days are still being fetched from Hugging Face';
    case 'unreachable':
      return `Hugging Face cannot be reached (${source.reason}); paperbot keeps trying`;
    case 'current':
      return 'Hugging Face has listed no papers since';
  }
}
