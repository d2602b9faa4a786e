import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { parsePaperRef, resolvePaperRef } from './paper-ref.js';
import { toView } from './paper-views.js';

/** `/paper show <paper id | arXiv id | link | result N>`: one paper in full (ids are shown with results). */
export const show = defineCommand({
  schema: z.object({ kind: z.literal('show'), ref: z.string().min(1).max(300) }),
  help: [{ usage: '/paper show <paper id | arXiv id | link>', description: 'one paper in full, by the id shown with results, its arXiv id or a link to it' }],
  parse: (text) => {
    // "show" claims whatever follows it, so "show nonsense" is told it names no paper instead of searching for "show";
    // alone it fails the schema, which answers with the usage line.
    const shown = /^show(?:\s+(.+))?$/i.exec(text);
    if (shown) return { kind: 'show' as const, ref: (shown[1] ?? '').slice(0, 300) };
    // "paper", "id" and "arxiv" are words a search may begin with: they claim only an id.
    const m = /^(?:paper|id|arxiv)\s+(\S+)$/i.exec(text);
    const ref = m ? parsePaperRef(m[1]!) : undefined;
    return ref?.kind === 'id' || ref?.kind === 'arxiv' ? { kind: 'show' as const, ref: m![1]! } : undefined;
  },
  answer: async ({ command, context, deps, notes }) => {
    const ref = parsePaperRef(command.ref);
    if (ref === undefined || ref.kind === 'words') {
      const what = command.ref.length > 60 ? `${command.ref.slice(0, 59)}…` : command.ref;
      return {
        kind: 'error',
        message: `“${what}” is not a paper id. Show takes the id shown with a result, an arXiv id (2509.24006) or a link to the paper; to search for words, type them without “show”.`,
        notes,
      };
    }
    const paper = await resolvePaperRef(ref, context, deps, notes);
    if ('kind' in paper) return paper;
    return { kind: 'paper', heading: 'Paper', paper: toView(paper), notes };
  },
});
