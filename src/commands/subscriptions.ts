import { z } from 'zod';
import type { Subscription } from '../store/store.js';
import { defineCommand } from './command-module.js';
import { personKey } from './owner.js';
import { channelAndStore, schedule } from './subscription-replies.js';

/** `/paper subscriptions`: which channels of this platform get the daily paper, and which the weekly recap. */
export const subscriptions = defineCommand({
  schema: z.object({ kind: z.literal('subscriptions') }),
  help: [{ usage: '/paper subscriptions', description: 'which channels get the daily paper or the weekly recap, and when (in a DM: also your daily papers for you)' }],
  parse: (text) => (/^subscriptions$/i.test(text) ? { kind: 'subscriptions' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const where = channelAndStore(context, deps, notes);
    if ('kind' in where) return where;
    const { channel, store } = where;
    const platform = channel.split(':')[0];
    const subs = (await store.listSubscriptions()).filter((s) => channel === 'console' || s.channel.startsWith(`${platform}:`));
    // In a direct message (or the console) the asker's own daily papers for them too; never in a channel.
    const own = (context.direct || channel === 'console') && context.user ? await store.getForYou(personKey(channel, context.user)) : undefined;
    const forYou = own
      ? [`Your papers for you (only you see them): every day at ${own.time} ${own.timezone}. /paper unsubscribe foryou stops them.`]
      : context.direct || channel === 'console'
        ? ['No daily papers for you: /paper subscribe foryou [HH:MM] [time zone] sends you the three best new papers for you every day.']
        : [];
    if (subs.length === 0) {
      return { kind: 'info', title: 'No channel gets the daily paper or a weekly recap yet. /paper subscribe adds this one; /paper subscribe weekly a weekly recap.', lines: forYou, notes, ...(own ? { personal: true } : {}) };
    }
    const line = (s: Subscription) => `${s.channel === channel ? 'this channel' : s.channel}: ${schedule(s)}${s.source === 'config' ? ' (set in DAILY_CHANNELS)' : ''}`;
    // Two kinds of post, listed apart: a weekly recap is not a daily paper.
    const daily = subs.filter((s) => s.cadence === 'daily');
    const weekly = subs.filter((s) => s.cadence === 'weekly');
    const lines = [
      ...(daily.length > 0 ? [`Daily paper (${daily.length}):`, ...daily.map((s) => `• ${line(s)}`)] : []),
      ...(weekly.length > 0 ? [`Weekly recap of the week's best (${weekly.length}):`, ...weekly.map((s) => `• ${line(s)}`)] : []),
      ...forYou,
    ];
    return { kind: 'info', title: `Subscriptions (${subs.length}):`, lines, notes, ...(own ? { personal: true } : {}) };
  },
});
