import { z } from 'zod';
import { bestOfWeek, WEEK_BEST_SIZE } from '../library/best-of-week.js';
import type { PaperLibrary } from '../library/library.js';
import { defineCommand, type BotDeps } from './command-module.js';
import { staleNote } from './freshness.js';
import { emptyLibrary, toSummary } from './paper-views.js';
import type { Reply } from './reply.js';

/** `/paper week`: the best papers of the last seven days (by upvotes where known, else trending rank). */
export const week = defineCommand({
  schema: z.object({ kind: z.literal('week') }),
  help: [{ usage: '/paper week', description: `the ${WEEK_BEST_SIZE} best papers of the last seven days, by upvotes where known` }],
  parse: (text) => (/^(?:week|weekly|this week)$/i.test(text) ? { kind: 'week' as const } : undefined),
  answer: ({ deps, notes }) => weekList(deps, notes) ?? emptyLibrary(notes),
});

/**
 * The week's best as a list: what `/paper week` answers and the weekly recap
 * posts, built here only, so the two always show the same papers. Undefined
 * when the library has no day.
 */
export function weekList(deps: Pick<BotDeps, 'now' | 'liveSource'> & { library: Pick<PaperLibrary, 'days' | 'papersOn'> }, notes: string[] = []): (Reply & { kind: 'list' }) | undefined {
  const best = bestOfWeek(deps.library);
  if (!best) return undefined;
  const stale = staleNote(best.to, deps.now(), deps.liveSource?.());
  return { kind: 'list', title: weekTitle(best.from, best.to), hits: best.papers.map((r) => toSummary(r.paper)), notes: stale ? [stale, ...notes] : notes };
}

/** "The week's best papers, Nov 21 – Nov 27, 2026" */
export function weekTitle(from: string, to: string): string {
  const fmt = (d: string, year: boolean) =>
    new Date(`${d}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(year ? { year: 'numeric' } : {}), timeZone: 'UTC' });
  return `The week's best papers, ${fmt(from, false)} – ${fmt(to, true)}`;
}
