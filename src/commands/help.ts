import { z } from 'zod';
import { defineCommand } from './command-module.js';

const HELP_WORDS = new Set(['', 'help', '?', '-h', '--help']);

/** `/paper help` (or nothing): the commands and the size of the library. */
export const help = defineCommand({
  schema: z.object({ kind: z.literal('help') }),
  help: [{ usage: '/paper help', description: 'this help' }],
  parse: (text) => (HELP_WORDS.has(text.toLowerCase()) ? { kind: 'help' as const } : undefined),
  answer: ({ deps, notes }) => {
    const days = deps.library.days();
    return { kind: 'help', entries: [...deps.helpEntries], library: { papers: deps.library.size, digests: days.length, newest: days[0] }, notes };
  },
});
