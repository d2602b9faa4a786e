import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { forYouLedgerKey, signalOwner } from './signal-keys.js';

/** `/paper forget me`: deletes every save, vote and personal subscription of the asker. */
export const forget = defineCommand({
  personal: true,
  schema: z.object({ kind: z.literal('forget') }),
  help: [{ usage: '/paper forget me', description: 'delete everything I keep about you: saves, reactions counted, your daily papers and your own follows and watches' }],
  parse: (text) => (/^forget\s+(?:me|myself|my data)$/i.test(text) ? { kind: 'forget' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    const rows = await who.store.forgetPerson(who.person, forYouLedgerKey(who.person));
    // A person's own follows (made in a DM) are keyed by the same person key.
    const follows = await deps.store!.removeAllFollows(who.person);
    const watches = await deps.store!.removeAllWatches(who.person);
    const parts = [
      [rows.saves, 'saved paper', 'saved papers'],
      [rows.votes, 'reaction', 'reactions'],
      [rows.subscriptions, 'daily for-you subscription', 'daily for-you subscriptions'],
      [rows.deliveries, 'record of a for-you post', 'records of for-you posts'],
      [follows, 'followed topic', 'followed topics'],
      [watches, 'watched paper', 'watched papers'],
    ] as const;
    const total = parts.reduce((n, [count]) => n + count, 0);
    return {
      kind: 'info',
      personal: true,
      title: total === 0 ? 'I keep nothing about you: there was nothing to delete.' : `Forgotten: I deleted ${total} ${total === 1 ? 'row' : 'rows'} about you.`,
      lines: parts.filter(([count]) => count > 0).map(([count, one, many]) => `${count} ${count === 1 ? one : many}`),
      notes,
    };
  },
});
