import { Events, GatewayIntentBits, Partials, type Client, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
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
// over their reactions anyway, and the message is fetched when needed.

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
}

async function onReaction(added: boolean, reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser, deps: { bot: PaperBot; logger: Logger }): Promise<void> {
  if (user.bot || user.id === reaction.client.user.id) return;
  // A standard emoji is its Unicode; a server's own emoji is named so that it never equals one.
  const name = reaction.emoji.name;
  if (!name) return;
  const emoji = reaction.emoji.id ? `custom:${name}` : name;
  let message = reaction.message;
  if (message.partial) message = await message.fetch();
  if (message.author.id !== reaction.client.user.id) return;
  const papers = papersOfComponents(message.components.map((c) => c.toJSON()));
  if (papers.length === 0) return;
  const context = { channel: `discord:${message.channelId}`, user: user.id, direct: !message.guildId, ...(message.guildId ? { team: message.guildId } : {}) };
  const { reply } = await deps.bot.handle({ kind: 'reaction', added, emoji, message: `${message.channelId}/${message.id}`, papers, context });
  // Nothing is said to anyone; the outcome names no one.
  deps.logger.debug(`discord: a reaction on message ${message.id}: ${reply.kind === 'info' ? reply.title : reply.kind}`);
}
