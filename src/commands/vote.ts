import { z } from 'zod';
import { defineCommand, normalizeEmoji } from './command-module.js';
import { DEFAULT_VOTE_EMOJI, signalOwner } from './signal-keys.js';

/**
 * A reaction on one of the bot's messages (never typed: the `reaction`
 * event runs it). It votes for the message's paper when the emoji is one
 * that votes and the message shows exactly one paper: on a list (a recap, a
 * page of results) a reaction cannot say which paper it means, and a wrong
 * guess would count for a paper nobody chose; Save does that per paper.
 */
export const vote = defineCommand({
  schema: z.object({
    kind: z.literal('vote'),
    added: z.boolean(),
    emoji: z.string().min(1).max(100),
    message: z.string().min(1).max(300),
    papers: z.array(z.string().regex(/^[0-9a-f]{12}$/)).max(50),
  }),
  help: [],
  parse: () => undefined,
  answer: async ({ command, context, deps, notes }) => {
    const counted = deps.voteEmoji ?? new Set(DEFAULT_VOTE_EMOJI.map(normalizeEmoji));
    const emoji = normalizeEmoji(command.emoji);
    const papers = [...new Set(command.papers)];
    if (!counted.has(emoji)) return { kind: 'info', title: 'Not a vote: that emoji does not count.', lines: [], notes };
    if (papers.length !== 1) return { kind: 'info', title: `Not a vote: the message shows ${papers.length} papers.`, lines: [], notes };
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    const vote = { person: who.person, paperId: papers[0]!, message: command.message, emoji };
    if (command.added) {
      const added = await who.store.addVote({ ...vote, team: who.team, votedAt: deps.now().getTime() });
      return { kind: 'info', title: added ? 'Vote counted.' : 'Vote already counted.', lines: [], notes };
    }
    const removed = await who.store.removeVote(vote);
    return { kind: 'info', title: removed ? 'Vote removed.' : 'No vote to remove.', lines: [], notes };
  },
});
