import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { PaperBot } from '../../src/commands/answer.js';
import type { Logger } from '../../src/ops/logger.js';
import { numberedPapers, ThreadMessagesSchema } from './actions.js';

// Reactions as votes: `reaction_added` / `reaction_removed` on one of
// paperbot's own messages become `reaction` events for the core, which
// decides whether they count (the emoji, the message's papers). An emoji
// that cannot vote (the core says, PaperBot.votes) is dropped before any
// Web API call. Which papers a message shows is read from the action ids in
// its blocks (numberedPapers), fetched with conversations.history, or for a
// reply in a thread (every answer to a mention is one), which a channel's
// history does not hold, with conversations.replies: nothing is remembered
// per message, so it works for messages from before a restart and on any
// replica. A retried event is recorded once by the store's primary key.
//
// Slack has no event for reactions removed in bulk (Discord's "remove all
// reactions"): each reaction taken back arrives as its own reaction_removed.

/** What paperbot reads of a reaction event. */
const ReactionEventSchema = z.object({
  user: z.string().min(1),
  reaction: z.string().min(1).max(100),
  /** Whose message it is: only paperbot's count. */
  item_user: z.string().optional(),
  item: z.object({ type: z.literal('message'), channel: z.string().min(1), ts: z.string().min(1) }),
});

/** The Slack side of votes: one listener per event. */
export function watchReactions(app: App, deps: { bot: PaperBot; logger: Logger }): void {
  for (const [name, added] of [['reaction_added', true], ['reaction_removed', false]] as const) {
    app.event(name, async ({ event, context, client }) => {
      try {
        await onReaction(added, event, context, client, deps);
      } catch (err) {
        deps.logger.warn(`slack: reading a reaction failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
}

async function onReaction(
  added: boolean,
  raw: unknown,
  context: { botUserId?: string; teamId?: string },
  client: WebClient,
  deps: { bot: PaperBot; logger: Logger },
): Promise<void> {
  const parsed = ReactionEventSchema.safeParse(raw);
  // A reaction on a file, or on someone else's message, is not a vote.
  if (!parsed.success || context.botUserId === undefined || parsed.data.item_user !== context.botUserId || parsed.data.user === context.botUserId) return;
  const { user, reaction, item } = parsed.data;
  if (!deps.bot.votes(reaction)) return;
  const papers = await messagePapers(client, item.channel, item.ts);
  if (papers.length === 0) return;
  const answer = await deps.bot.handle({
    kind: 'reaction',
    added,
    emoji: reaction,
    message: `${item.channel}/${item.ts}`,
    papers,
    context: { channel: `slack:${item.channel}`, user, direct: item.channel.startsWith('D'), ...(context.teamId ? { team: context.teamId } : {}) },
  });
  // Nothing is said to anyone; the outcome names no one.
  deps.logger.debug(`slack: a reaction on ${item.channel}/${item.ts}: ${answer.reply.kind === 'info' ? answer.reply.title : answer.reply.kind}`);
}

/** The papers of one message, in the order it numbers them, from its blocks. */
async function messagePapers(client: WebClient, channel: string, ts: string): Promise<string[]> {
  const message = (await channelMessage(client, channel, ts)) ?? (await threadReply(client, channel, ts));
  if (!message) return [];
  const numbered = numberedPapers(message.blocks ?? []);
  return [...numbered.entries()].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
}

type SlackMessage = NonNullable<z.infer<typeof ThreadMessagesSchema>['messages']>[number];

/** A message of the channel itself (not a reply in a thread) by its ts, from conversations.history. */
async function channelMessage(client: WebClient, channel: string, ts: string): Promise<SlackMessage | undefined> {
  const res = ThreadMessagesSchema.parse(await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 }));
  return res.messages?.find((m) => m.ts === undefined || m.ts === ts);
}

/**
 * A reply in a thread by its ts: conversations.replies takes the ts of any
 * message in a thread and answers with the thread, its parent first, then the
 * replies within oldest..latest; two messages hold the parent and this reply.
 */
async function threadReply(client: WebClient, channel: string, ts: string): Promise<SlackMessage | undefined> {
  const res = ThreadMessagesSchema.parse(await client.conversations.replies({ channel, ts, latest: ts, oldest: ts, inclusive: true, limit: 2 }));
  return res.messages?.find((m) => m.ts === ts);
}
