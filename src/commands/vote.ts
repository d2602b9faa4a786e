import { z } from 'zod';
import { defineCommand, normalizeEmoji, type BotDeps } from './command-module.js';
import { signalOwner, votingEmoji } from './signal-keys.js';

/**
 * Whether a reaction with this emoji votes: its normalized form (no skin
 * tone, no variation selector) is one of VOTE_EMOJI. The one rule, for the
 * vote commands and for adapters that ask before reading a message
 * (PaperBot.votes).
 */
export function isVoteEmoji(emoji: string, voteEmoji: BotDeps['voteEmoji']): boolean {
  return votingEmoji({ voteEmoji }).has(normalizeEmoji(emoji));
}

/** An emoji as a vote row keeps it: the reaction as the platform names it (`+1::skin-tone-3`, 👍🏽), trimmed. */
function reactionKey(emoji: string): string {
  return emoji.trim();
}

const EmojiSchema = z.string().min(1).max(100);
const MessageSchema = z.string().min(1).max(300);

/**
 * A reaction on one of the bot's messages (never typed: the `reaction`
 * event runs it). It votes for the message's paper when the emoji is one
 * that votes and the message shows exactly one paper: on a list (a recap, a
 * page of results) a reaction cannot say which paper it means, and a wrong
 * guess would count for a paper nobody chose; Save does that per paper.
 *
 * The row is keyed by the reaction itself, so 👍 and 👍🏽 by one person are
 * two rows (taking one back leaves the other); the team's top counts a
 * person once per paper whatever their rows.
 */
export const vote = defineCommand({
  schema: z.object({
    kind: z.literal('vote'),
    added: z.boolean(),
    emoji: EmojiSchema,
    message: MessageSchema,
    papers: z.array(z.string().regex(/^[0-9a-f]{12}$/)).max(50),
  }),
  help: [],
  parse: () => undefined,
  answer: async ({ command, context, deps, notes }) => {
    const papers = [...new Set(command.papers)];
    if (!isVoteEmoji(command.emoji, deps.voteEmoji)) return { kind: 'info', title: 'Not a vote: that emoji does not count.', lines: [], notes };
    if (papers.length !== 1) return { kind: 'info', title: `Not a vote: the message shows ${papers.length} papers.`, lines: [], notes };
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    const emoji = reactionKey(command.emoji);
    const vote = { person: who.person, paperId: papers[0]!, message: command.message, emoji };
    if (command.added) {
      const added = await who.store.addVote({ ...vote, team: who.team, votedAt: deps.now().getTime() });
      return { kind: 'info', title: added ? 'Vote counted.' : 'Vote already counted.', lines: [], notes };
    }
    // Votes recorded before rows kept the reaction's own name are under its normalized emoji
    // (👍 for 👍🏽, the heart without its variation selector): one of those is this reaction's.
    const legacy = normalizeEmoji(emoji);
    const removed = (await who.store.removeVote(vote)) || (legacy !== emoji && (await who.store.removeVote({ ...vote, emoji: legacy })));
    return { kind: 'info', title: removed ? 'Vote removed.' : 'No vote to remove.', lines: [], notes };
  },
});

/**
 * Reactions cleared in bulk on one of the bot's messages (never typed: the
 * `reactions-cleared` event runs it): every reaction of the message, or with
 * `emoji` every person's reaction with exactly that emoji (👍🏽 is not 👍). The
 * votes they cast are removed, whoever cast them.
 */
export const clearVotes = defineCommand({
  schema: z.object({ kind: z.literal('clear-votes'), message: MessageSchema, emoji: EmojiSchema.optional() }),
  help: [],
  parse: () => undefined,
  answer: async ({ command, deps, notes }) => {
    if (command.emoji !== undefined && !isVoteEmoji(command.emoji, deps.voteEmoji)) return { kind: 'info', title: 'Not a vote: that emoji does not count.', lines: [], notes };
    if (!deps.store) return { kind: 'error', message: 'Saving papers is not set up in this bot (it has no store).', notes };
    const removed = await deps.store.removeMessageVotes(command.message, command.emoji === undefined ? undefined : reactionKey(command.emoji));
    return { kind: 'info', title: `Removed ${removed} ${removed === 1 ? 'vote' : 'votes'}.`, lines: [], notes };
  },
});
