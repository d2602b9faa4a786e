import { z } from 'zod';
import { defineCommand, mayManageChannel } from './command-module.js';
import { channelAndStore, configManaged, WHO_MAY } from './subscription-replies.js';

/** `/paper unsubscribe [weekly]`: stop this channel's daily paper (or weekly recap). */
export const unsubscribe = defineCommand({
  schema: z.object({ kind: z.literal('unsubscribe'), cadence: z.enum(['daily', 'weekly']) }),
  help: [{ usage: '/paper unsubscribe [weekly]', description: 'stop the daily paper (or the weekly recap) in this channel (channel managers)' }],
  parse: (text) => {
    const m = /^unsubscribe(?:\s+(daily|weekly))?$/i.exec(text);
    return m ? { kind: 'unsubscribe' as const, cadence: m[1]?.toLowerCase() === 'weekly' ? ('weekly' as const) : ('daily' as const) } : undefined;
  },
  answer: async ({ command, context, deps, notes }) => {
    const where = channelAndStore(context, deps, notes);
    if ('kind' in where) return where;
    const { channel, store } = where;
    if (!(await mayManageChannel(context))) return { kind: 'refused', message: WHO_MAY, notes };
    const current = await store.getSubscription(channel, command.cadence);
    const what = command.cadence === 'weekly' ? 'weekly recap' : 'daily paper';
    if (current?.source === 'config') return configManaged(channel, notes);
    if (!current) return { kind: 'info', title: `This channel has no ${what}; nothing to stop.`, lines: [], notes };
    await store.removeSubscription(channel, command.cadence);
    const lines = command.cadence === 'daily' ? ['Papers already sent here stay recorded, so subscribing again never repeats one.'] : [];
    return { kind: 'info', title: `Unsubscribed: no more ${what}s in this channel.`, lines, notes };
  },
});
