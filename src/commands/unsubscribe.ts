import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { channelAndStore, configManaged, WHO_MAY } from './subscription-replies.js';

/** `/paper unsubscribe`: stop this channel's daily paper. */
export const unsubscribe = defineCommand({
  schema: z.object({ kind: z.literal('unsubscribe') }),
  help: [{ usage: '/paper unsubscribe', description: 'stop the daily paper in this channel (channel managers)' }],
  parse: (text) => (/^unsubscribe$/i.test(text) ? { kind: 'unsubscribe' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const where = channelAndStore(context, deps, notes);
    if ('kind' in where) return where;
    const { channel, store } = where;
    if (!context.canManageChannel) return { kind: 'refused', message: WHO_MAY, notes };
    const current = await store.getSubscription(channel);
    if (current?.source === 'config') return configManaged(channel, notes);
    if (!current) return { kind: 'info', title: 'This channel has no daily paper; nothing to stop.', lines: [], notes };
    await store.removeSubscription(channel);
    return { kind: 'info', title: 'Unsubscribed: no more daily papers in this channel.', lines: ['Papers already sent here stay recorded, so subscribing again never repeats one.'], notes };
  },
});
