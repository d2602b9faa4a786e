import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { parsePaperRef, resolvePaperRef } from './paper-ref.js';
import { toView } from './paper-views.js';

/** `/paper show <paper id | arXiv id>`: one paper in full (ids are shown with results). */
export const show = defineCommand({
  schema: z.object({ kind: z.literal('show'), ref: z.string().min(1).max(300) }),
  help: [{ usage: '/paper show <paper id | arXiv id>', description: 'one paper in full, by the id shown with results or its arXiv id' }],
  parse: (text) => {
    const m = /^(?:show|paper|id|arxiv)\s+(\S+)$/i.exec(text);
    const ref = m ? parsePaperRef(m[1]!) : undefined;
    // "show <words>" stays a search: only an id names a paper here.
    return ref?.kind === 'id' || ref?.kind === 'arxiv' ? { kind: 'show' as const, ref: m![1]! } : undefined;
  },
  answer: async ({ command, context, deps, notes }) => {
    const paper = await resolvePaperRef(parsePaperRef(command.ref)!, context, deps, notes);
    if ('kind' in paper) return paper;
    return { kind: 'paper', heading: 'Paper', paper: toView(paper), notes };
  },
});
