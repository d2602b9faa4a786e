import { z } from 'zod';
import { bibtexOf } from '../library/bibtex.js';
import { defineCommand } from './command-module.js';
import { parsePaperRef, resolveOnlyPaper, resolvePaperRef } from './paper-ref.js';
import { toSummary } from './paper-views.js';

/** `/paper cite <result N | paper id | arXiv id | words>`: a BibTeX entry, built locally. Alone, it cites the only paper shown. */
export const cite = defineCommand({
  schema: z.object({ kind: z.literal('cite'), ref: z.string().max(300) }),
  help: [{ usage: '/paper cite <result N | paper id | arXiv id | words>', description: 'a BibTeX entry for a paper (only you see it)' }],
  parse: (text) => {
    const m = /^(?:cite|bibtex|citation)(?:\s+(.*))?$/i.exec(text);
    if (!m) return undefined;
    return { kind: 'cite' as const, ref: (m[1] ?? '').slice(0, 300) };
  },
  answer: async ({ command, context, deps, notes }) => {
    // Alone, it means the only paper shown (a card, random), as a bare "abstract" does.
    const ref = parsePaperRef(command.ref);
    const paper = ref === undefined ? await resolveOnlyPaper(context, deps, notes, 'cite') : await resolvePaperRef(ref, context, deps, notes);
    if ('kind' in paper) return paper;
    const citeNotes = paper.arxivId === undefined ? [...notes, 'Its arXiv id is not known yet (it came from a digest), so the entry cites its Hugging Face day.'] : notes;
    return { kind: 'citation', paper: toSummary(paper), bibtex: bibtexOf(paper), notes: citeNotes };
  },
});
