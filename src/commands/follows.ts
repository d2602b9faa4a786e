import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { describeFollow, followOwner, MAX_FOLLOWS } from './follow-owner.js';

/** `/paper follows`: the follows of this channel (in a DM: yours), numbered. */
export const follows = defineCommand({
  schema: z.object({ kind: z.literal('follows') }),
  help: [{ usage: '/paper follows', description: 'the topics this channel follows (in a DM: yours), numbered' }],
  parse: (text) => (/^(?:follows|following)$/i.test(text) ? { kind: 'follows' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const who = followOwner(context, deps, notes);
    if ('kind' in who) return who;
    const list = await who.store.listFollows(who.owner);
    const whose = who.followKind === 'person' ? 'You follow' : 'This channel follows';
    if (list.length === 0) return { kind: 'info', title: `${whose} no topics yet. /paper follow <words> adds one.`, lines: [], notes };
    return {
      kind: 'info',
      title: `${whose} ${list.length} of at most ${MAX_FOLLOWS} topics:`,
      lines: [...list.map((f, i) => `${i + 1}. ${describeFollow(f)}`), '/paper unfollow <number | words | all> removes them.'],
      notes,
    };
  },
});
