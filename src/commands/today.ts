import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { staleNote } from './freshness.js';
import { emptyLibrary, toSummary } from './paper-views.js';

/** `/paper today`: the newest digest's top trending papers, flagged when that day is old. */
export const today = defineCommand({
  schema: z.object({ kind: z.literal('today') }),
  help: [{ usage: '/paper today', description: "the newest digest's top trending papers" }],
  parse: (text) => (/^(?:today|trending)$/i.test(text) ? { kind: 'today' as const } : undefined),
  answer: ({ deps, notes }) => {
    const newest = deps.library.today();
    if (!newest) return emptyLibrary(notes);
    const stale = staleNote(newest.date, deps.now(), deps.liveSource?.());
    return { kind: 'today', date: newest.date, hits: newest.papers.map((r) => toSummary(r.paper)), notes: stale ? [stale, ...notes] : notes };
  },
});
