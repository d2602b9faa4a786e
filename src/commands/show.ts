import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { toView, unknownPaper } from './paper-views.js';

/** `/paper show <paper id>`: one paper in full (ids are shown with results). */
export const show = defineCommand({
  schema: z.object({ kind: z.literal('show'), id: z.string().regex(/^[0-9a-f]{12}$/) }),
  help: [{ usage: '/paper show <paper id>', description: 'one paper in full, by the id shown with results' }],
  parse: (text) => {
    const m = /^(?:show|paper|id)\s+([0-9a-f]{12})$/i.exec(text);
    return m ? { kind: 'show' as const, id: m[1]!.toLowerCase() } : undefined;
  },
  answer: ({ command, deps, notes }) => {
    const paper = deps.library.get(command.id);
    return paper ? { kind: 'paper', heading: 'Paper', paper: toView(paper), notes } : unknownPaper(command.id, notes);
  },
});
