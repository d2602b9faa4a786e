import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { parsePaperRef, resolveOnlyPaper, resolvePaperRef } from './paper-ref.js';
import { toSummary } from './paper-views.js';

/** How many related papers an answer lists. */
export const RELATED_SIZE = 5;

/** `/paper related <result N | paper id | arXiv id | words>`: the five papers closest to one. Alone, it means the only paper shown. */
export const related = defineCommand({
  schema: z.object({ kind: z.literal('related'), ref: z.string().max(300) }),
  help: [{ usage: '/paper related <result N | paper id | arXiv id | words>', description: 'the five papers closest to a paper' }],
  parse: (text) => {
    const m = /^related(?:\s+(.*))?$/i.exec(text);
    if (!m) return undefined;
    return { kind: 'related' as const, ref: (m[1] ?? '').slice(0, 300) };
  },
  answer: async ({ command, context, deps, notes }) => {
    // Alone, it means the only paper shown (a card, random), as a bare "abstract" does.
    const ref = parsePaperRef(command.ref);
    const paper = ref === undefined ? await resolveOnlyPaper(context, deps, notes, 'related') : await resolvePaperRef(ref, context, deps, notes);
    if ('kind' in paper) return paper;
    const close = deps.library.related(paper.id, RELATED_SIZE);
    if (close.length === 0) return { kind: 'info', title: `Nothing in the library is close to “${paper.title}” yet.`, lines: [], notes };
    return { kind: 'list', title: `Related to “${paper.title}”`, hits: close.map(toSummary), notes };
  },
});
