import type { Message } from 'discord.js';
import type { PaperBot } from '../../src/commands/answer.js';
import { findPaperLinks } from '../../src/links/paper-links.js';
import type { Logger } from '../../src/ops/logger.js';
import { messageText } from './paper-info.js';
import { renderCompactCards, type DiscordPayload } from './render.js';

// The optional Message Content mode (DISCORD_LINK_REPLIES=on): paperbot
// replies by itself to a message holding paper links, with a compact card
// each. Reading messages it is not mentioned in needs the privileged Message
// Content intent, which the operator turns on in the Developer Portal (Bot ->
// Privileged Gateway Intents -> Message Content Intent); off by default, where
// "Paper info" does the same on request without it. Rate-limited per channel,
// so a channel pasting a reading list is not answered card after card.

/** How many link replies a channel gets in a burst, and how fast it earns another. */
export const LINK_REPLY_LIMIT = { burst: 3, everyMs: 60_000 } as const;

/** Per channel, a small token bucket; at most `capacity` channels remembered (the oldest go first). */
export function channelLimiter(opts: { burst: number; everyMs: number; capacity?: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const capacity = opts.capacity ?? 5_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes a token for `channel`; false when it has none left now. */
    take(channel: string): boolean {
      const t = now();
      const held = buckets.get(channel) ?? { tokens: opts.burst, at: t };
      const tokens = Math.min(opts.burst, held.tokens + (t - held.at) / opts.everyMs);
      buckets.delete(channel);
      const ok = tokens >= 1;
      buckets.set(channel, { tokens: ok ? tokens - 1 : tokens, at: t });
      while (buckets.size > capacity) buckets.delete(buckets.keys().next().value as string);
      return ok;
    },
  };
}

export interface LinkReplyDeps {
  bot: PaperBot;
  logger: Logger;
  limiter: ReturnType<typeof channelLimiter>;
  /** How a payload becomes a channel message (the adapter's, with its nonce and no mentions). */
  send: (message: Message, payload: DiscordPayload) => Promise<unknown>;
}

/** Replies to a person's message with the compact cards of its paper links, if any, within the channel's limit. */
export async function replyToLinks(message: Message, deps: LinkReplyDeps): Promise<void> {
  if (message.author.bot) return;
  const urls = findPaperLinks(messageText(message)).map((l) => l.url);
  if (urls.length === 0) return;
  if (!deps.limiter.take(message.channelId)) {
    deps.logger.debug(`discord: link reply in ${message.channelId} skipped (over ${LINK_REPLY_LIMIT.burst} a minute)`);
    return;
  }
  const { reply } = await deps.bot.handle({ kind: 'link', urls, context: { channel: `discord:${message.channelId}`, user: message.author.id, direct: !message.inGuild() } });
  // A link to no paper: no reply (the core logged it), so the channel is not told "nothing found".
  if (reply.kind !== 'card') return;
  await deps.send(message, renderCompactCards(reply));
}
