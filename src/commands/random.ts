import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { emptyLibrary, toView } from './paper-views.js';

/** `/paper random`: a paper chosen at random, with links. */
export const random = defineCommand({
  schema: z.object({ kind: z.literal('random') }),
  help: [{ usage: '/paper random', description: 'a random paper from the library' }],
  parse: (text) => (/^random$/i.test(text) ? { kind: 'random' as const } : undefined),
  answer: ({ deps, notes }) => {
    const paper = deps.library.random(deps.rng);
    if (!paper) return emptyLibrary(notes);
    return { kind: 'paper', heading: 'A random paper', paper: toView(paper), notes };
  },
});
