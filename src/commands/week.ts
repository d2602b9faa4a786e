import { z } from 'zod';
import { bestOfWeek } from '../library/best-of-week.js';
import { defineCommand } from './command-module.js';
import { emptyLibrary, toSummary } from './paper-views.js';

/** `/paper week`: the best papers of the last seven days (by upvotes where known, else trending rank). */
export const week = defineCommand({
  schema: z.object({ kind: z.literal('week') }),
  help: [{ usage: '/paper week', description: 'the best papers of the last seven days, by upvotes where known' }],
  parse: (text) => (/^(?:week|weekly|this week)$/i.test(text) ? { kind: 'week' as const } : undefined),
  answer: ({ deps, notes }) => {
    const best = bestOfWeek(deps.library, 10);
    if (!best) return emptyLibrary(notes);
    return { kind: 'list', title: weekTitle(best.from, best.to), hits: best.papers.map((r) => toSummary(r.paper)), notes };
  },
});

/** "The week's best papers, Nov 21 – Nov 27, 2026" */
export function weekTitle(from: string, to: string): string {
  const fmt = (d: string, year: boolean) =>
    new Date(`${d}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(year ? { year: 'numeric' } : {}), timeZone: 'UTC' });
  return `The week's best papers, ${fmt(from, false)} – ${fmt(to, true)}`;
}
