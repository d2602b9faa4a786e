import { z } from 'zod';
import { nextPaper } from '../posts/pick-paper.js';
import { defineCommand } from './command-module.js';
import { channelAndStore, nextLines, schedule } from './subscription-replies.js';

/** `/paper next`: the paper this channel gets next, and when (and the next weekly recap). */
export const next = defineCommand({
  schema: z.object({ kind: z.literal('next') }),
  help: [{ usage: '/paper next', description: 'what this channel gets next, and when' }],
  parse: (text) => (/^next$/i.test(text) ? { kind: 'next' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const where = channelAndStore(context, deps, notes);
    if ('kind' in where) return where;
    const { channel, store } = where;
    const daily = await store.getSubscription(channel, 'daily');
    const weekly = await store.getSubscription(channel, 'weekly');
    const recap = weekly ? [`Weekly recap ${schedule(weekly)}:`, ...(await nextLines(weekly, store, deps))] : [];
    if (!daily) {
      const pick = nextPaper(deps.library, await store.postedPaperIds(channel));
      return {
        kind: 'info',
        title: 'This channel has no daily paper. /paper subscribe sets one up.',
        lines: [...(pick ? [`It would start with: ${pick.paper.title} (#${pick.rank} on ${pick.day}).`] : []), ...recap],
        notes,
      };
    }
    return { kind: 'info', title: `Next daily paper for this channel (${schedule(daily)}):`, lines: [...(await nextLines(daily, store, deps)), ...recap], notes };
  },
});
