import {
  Events,
  GatewayIntentBits,
  Partials,
  type Client,
  type Message,
  type MessageReaction,
  type PartialMessage,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import { z } from 'zod';
import type { PaperBot } from '../../src/commands/answer.js';
import { parseActionId } from '../../src/conversation/actions.js';
import type { Logger } from '../../src/ops/logger.js';

// Reactions as votes: a reaction added to or removed from one of paperbot's
// own messages becomes a `reaction` event for the core, which decides whether
// it counts (the emoji, the message's papers). The message's papers are read
// from the action ids in its components (the Abstract button, the
// "Abstract of…" menu), so nothing is remembered per message. Messages sent
// before this process started are not cached: Partials let discord.js hand
// over their reactions anyway, and the message is fetched when needed: only
// for an emoji that votes (the core says, PaperBot.votes), so other
// reactions, on anyone's message, cost no REST call.
//
// Reactions cleared in bulk (MessageReactionRemoveAll: all of a message's;
// MessageReactionRemoveEmoji: one emoji, every user's) name no user: they
// become one `reactions-cleared` event, which removes the votes recorded on
// that message without reading it (a message that is not paperbot's has none).

/** GuildMessageReactions is not privileged; DirectMessageReactions for reactions in DMs (follow and for-you alerts). */
export const REACTION_INTENTS = [GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessageReactions] as const;
/** Reactions on messages sent before this session (not cached) still arrive. */
export const REACTION_PARTIALS = [Partials.Message, Partials.Reaction, Partials.Channel, Partials.User] as const;

/** A message's components as the API gives them, as far as paperbot reads them: ids and menu option values. */
const ComponentsSchema = z.array(
  z
    .object({
      components: z.array(z.object({ custom_id: z.string().optional(), options: z.array(z.object({ value: z.string() }).passthrough()).optional() }).passthrough()).optional(),
    })
    .passthrough(),
);

/** The papers a message shows, in order, from the action ids in its buttons and menus. */
export function papersOfComponents(components: unknown): string[] {
  const parsed = ComponentsSchema.safeParse(components);
  if (!parsed.success) return [];
  const papers = new Set<string>();
  for (const row of parsed.data) {
    for (const c of row.components ?? []) {
      for (const id of [c.custom_id, ...(c.options ?? []).map((o) => o.value)]) {
        const ref = parseActionId(id ?? '');
        if (ref?.kind === 'abstract') papers.add(ref.paperId);
      }
    }
  }
  return [...papers];
}

/** Listens for reactions on `client` and hands those on paperbot's messages to the core. */
export function watchReactions(client: Client, deps: { bot: PaperBot; logger: Logger }): void {
  const on = (added: boolean) => (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) => {
    void onReaction(added, reaction, user, deps).catch((err: unknown) => deps.logger.warn(`discord: reading a reaction failed: ${err instanceof Error ? err.message : String(err)}`));
  };
  client.on(Events.MessageReactionAdd, on(true));
  client.on(Events.MessageReactionRemove, on(false));
  const cleared = (message: Message | PartialMessage, emoji?: string) => {
    void onCleared(message, emoji, deps).catch((err: unknown) => deps.logger.warn(`discord: clearing reactions failed: ${err instanceof Error ? err.message : String(err)}`));
  };
  client.on(Events.MessageReactionRemoveAll, (message) => cleared(message));
  client.on(Events.MessageReactionRemoveEmoji, (reaction) => {
    const emoji = emojiOf(reaction);
    if (emoji !== undefined) cleared(reaction.message, emoji);
  });
}

/** A reaction's emoji as the core gets it: a standard emoji is its Unicode; a server's own emoji is named so that it never equals one. */
function emojiOf(reaction: MessageReaction | PartialMessageReaction): string | undefined {
  const name = reaction.emoji.name;
  if (!name) return undefined;
  return reaction.emoji.id ? `custom:${name}` : name;
}

/** The core's name of a message: `<channel>/<message>`. */
function messageKey(message: { channelId: string; id: string }): string {
  return `${message.channelId}/${message.id}`;
}

async function onCleared(message: Message | PartialMessage, emoji: string | undefined, deps: { bot: PaperBot; logger: Logger }): Promise<void> {
  // Only an emoji that votes, and (when discord.js knows the message) only paperbot's messages, can have votes to remove.
  if (emoji !== undefined && !deps.bot.votes(emoji)) return;
  if (!message.partial && message.author.id !== message.client.user.id) return;
  const context = { channel: `discord:${message.channelId}`, direct: !message.guildId, ...(message.guildId ? { team: message.guildId } : {}) };
  const { reply } = await deps.bot.handle({ kind: 'reactions-cleared', message: messageKey(message), ...(emoji === undefined ? {} : { emoji }), context });
  deps.logger.debug(`discord: reactions cleared on message ${message.id}: ${reply.kind === 'info' ? reply.title : reply.kind}`);
}

async function onReaction(added: boolean, reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser, deps: { bot: PaperBot; logger: Logger }): Promise<void> {
  if (user.bot || user.id === reaction.client.user.id) return;
  const emoji = emojiOf(reaction);
  // Before reading the message (a REST GET when it is not cached): most reactions do not vote.
  if (emoji === undefined || !deps.bot.votes(emoji)) return;
  let message = reaction.message;
  if (message.partial) message = await message.fetch();
  if (message.author.id !== reaction.client.user.id) return;
  const papers = papersOfComponents(message.components.map((c) => c.toJSON()));
  if (papers.length === 0) return;
  const context = { channel: `discord:${message.channelId}`, user: user.id, direct: !message.guildId, ...(message.guildId ? { team: message.guildId } : {}) };
  const { reply } = await deps.bot.handle({ kind: 'reaction', added, emoji, message: messageKey(message), papers, context });
  // Nothing is said to anyone; the outcome names no one.
  deps.logger.debug(`discord: a reaction on message ${message.id}: ${reply.kind === 'info' ? reply.title : reply.kind}`);
}
