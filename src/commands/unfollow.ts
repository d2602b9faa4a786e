import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { describeFollow, followOwner, sameWords, WHO_MAY_FOLLOW } from './follow-owner.js';

/** `/paper unfollow <number | words | all>`: stops follows of this channel (in a DM: yours). */
export const unfollow = defineCommand({
  schema: z.object({ kind: z.literal('unfollow'), which: z.string().min(1).max(300) }),
  help: [{ usage: '/paper unfollow <number | words | all>', description: 'stop following a topic (numbers as /paper follows shows them)' }],
  parse: (text) => {
    const m = /^unfollow(?:\s+(.*))?$/i.exec(text);
    return m ? { kind: 'unfollow' as const, which: (m[1] ?? '').slice(0, 300) } : undefined;
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = followOwner(context, deps, notes);
    if ('kind' in who) return who;
    if (!(await who.mayChange())) return { kind: 'refused', message: WHO_MAY_FOLLOW, notes };
    const list = await who.store.listFollows(who.owner);
    if (/^all$/i.test(command.which)) {
      const removed = await who.store.removeAllFollows(who.owner);
      return { kind: 'info', title: removed === 0 ? 'No follows to stop.' : `Stopped all ${removed} ${removed === 1 ? 'follow' : 'follows'}.`, lines: [], notes };
    }
    const n = /^#?(\d{1,3})$/.exec(command.which);
    const target = n ? list[Number(n[1]) - 1] : list.find((f) => sameWords(f.words, command.which));
    if (!target) {
      const hint = list.length === 0 ? 'There are no follows here.' : `Pick a number from 1 to ${list.length} (/paper follows lists them), the exact words, or all.`;
      return { kind: 'error', message: `No follow “${command.which}”. ${hint}`, notes };
    }
    await who.store.removeFollow(who.owner, target.id);
    return { kind: 'info', title: `Stopped following ${describeFollow(target)}.`, lines: [], notes };
  },
});
