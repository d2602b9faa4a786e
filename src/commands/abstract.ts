import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { parsePaperRef, resolveOnlyPaper, resolvePaperRef } from './paper-ref.js';
import { toView } from './paper-views.js';

/**
 * `/paper abstract [result N | paper id | arXiv id]`: a paper's full abstract.
 * Alone, it means the only paper shown (after `random`, in a daily post's
 * thread). Words are not taken: "abstract reasoning" stays a search.
 */
export const abstract = defineCommand({
  schema: z.object({ kind: z.literal('abstract'), ref: z.string().max(300) }),
  help: [{ usage: '/paper abstract <result N | paper id | arXiv id>', description: 'the full abstract of a paper (in a thread: of the paper N above)' }],
  parse: (text) => {
    const m = /^(?:abstract|abs)(?:\s+(\S+))?$/i.exec(text);
    if (!m) return undefined;
    if (m[1] === undefined) return { kind: 'abstract' as const, ref: '' };
    const ref = parsePaperRef(m[1]);
    return ref === undefined || ref.kind === 'words' ? undefined : { kind: 'abstract' as const, ref: m[1] };
  },
  answer: async ({ command, context, deps, notes }) => {
    const ref = parsePaperRef(command.ref);
    const paper = ref === undefined ? await resolveOnlyPaper(context, deps, notes) : await resolvePaperRef(ref, context, deps, notes);
    if ('kind' in paper) return paper;
    return { kind: 'abstract', paper: toView(paper), notes };
  },
});
