import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { channelAndStore, schedule } from './subscription-replies.js';

/** `/paper subscriptions`: which channels of this platform get the daily paper. */
export const subscriptions = defineCommand({
  schema: z.object({ kind: z.literal('subscriptions') }),
  help: [{ usage: '/paper subscriptions', description: 'which channels get the daily paper, and when' }],
  parse: (text) => (/^subscriptions$/i.test(text) ? { kind: 'subscriptions' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const where = channelAndStore(context, deps, notes);
    if ('kind' in where) return where;
    const { channel, store } = where;
    const platform = channel.split(':')[0];
    const subs = (await store.listSubscriptions()).filter((s) => channel === 'console' || s.channel.startsWith(`${platform}:`));
    const lines = subs.map((s) => `${s.channel === channel ? 'this channel' : s.channel}: ${schedule(s)}${s.source === 'config' ? ' (set in DAILY_CHANNELS)' : ''}`);
    return { kind: 'info', title: subs.length === 0 ? 'No channel gets the daily paper yet. /paper subscribe adds this one.' : `Daily paper subscriptions (${subs.length}):`, lines, notes };
  },
});
