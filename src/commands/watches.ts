import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { MAX_WATCHES, watchDate, watchOwner } from './watch-owner.js';

/** `/paper watches`: the papers this channel watches (in a DM: yours), numbered, with when each watch ends. */
export const watches = defineCommand({
  schema: z.object({ kind: z.literal('watches') }),
  help: [{ usage: '/paper watches', description: 'the papers this channel watches (in a DM: yours), and when each watch ends' }],
  parse: (text) => (/^(?:watches|watching|watched)$/i.test(text) ? { kind: 'watches' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const who = watchOwner(context, deps, notes);
    if ('kind' in who) return who;
    const list = await who.store.listWatches(who.owner);
    const whose = who.watchKind === 'person' ? 'You watch' : 'This channel watches';
    if (list.length === 0) return { kind: 'info', title: `${whose} no papers yet. /paper watch <result N | arXiv id | link> adds one.`, lines: [], notes };
    const now = deps.now().getTime();
    return {
      kind: 'info',
      title: `${whose} ${list.length} of at most ${MAX_WATCHES} papers:`,
      lines: [
        ...list.map((w, i) => {
          const title = deps.library.get(w.paperId)?.title ?? w.title;
          return `${i + 1}. “${title}” (arXiv ${w.arxivId}), ${w.endsAt > now ? 'until' : 'ended'} ${watchDate(w.endsAt)}`;
        }),
        '/paper unwatch <number | paper id | arXiv id | all> stops watching.',
      ],
      notes,
    };
  },
});
