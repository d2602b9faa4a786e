import { z } from 'zod';
import { nextPaper } from '../posts/pick-paper.js';
import { defineCommand } from './command-module.js';
import { channelAndStore, nextLines, schedule } from './subscription-replies.js';

/** `/paper next`: the paper this channel gets next, and when. */
export const next = defineCommand({
  schema: z.object({ kind: z.literal('next') }),
  help: [{ usage: '/paper next', description: 'what this channel gets next, and when' }],
  parse: (text) => (/^next$/i.test(text) ? { kind: 'next' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const where = channelAndStore(context, deps, notes);
    if ('kind' in where) return where;
    const { channel, store } = where;
    const current = await store.getSubscription(channel);
    if (!current) {
      const pick = nextPaper(deps.library, await store.postedPaperIds(channel));
      return {
        kind: 'info',
        title: 'This channel has no daily paper. /paper subscribe sets one up.',
        lines: pick ? [`It would start with: ${pick.paper.title} (#${pick.rank} on ${pick.day}).`] : [],
        notes,
      };
    }
    return { kind: 'info', title: `Next daily paper for this channel (${schedule(current)}):`, lines: await nextLines(current, store, deps), notes };
  },
});
