import { Routes, SnowflakeUtil, type REST } from 'discord.js';
import { z } from 'zod';
import type { PostedPaper, PostTarget } from '../../src/adapter.js';
import type { PaperView } from '../../src/commands/reply.js';
import { truncate } from '../../src/commands/split-text.js';
import { renderAbstractMessages, renderPaperPost, type DiscordPayload } from './render.js';

// The daily post over REST alone: the message, a thread on it, the abstract
// in the thread. Only one replica holds the gateway session, but any replica
// may win the day's claim, so posting must not need the gateway: discord.js's
// REST client with the bot token (rest.setToken) is all it takes.

const Created = z.object({ id: z.string() });

/** A channel message body: no mentions, and an enforced nonce so a send retried after a 5xx is posted once. */
export function messageBody(p: DiscordPayload) {
  return {
    content: p.content,
    embeds: p.embeds,
    components: p.components,
    allowed_mentions: { parse: [], replied_user: false },
    nonce: SnowflakeUtil.generate().toString(),
    enforce_nonce: true,
  };
}

/** Posts a paper to a text channel, then its abstract in a thread on that message. */
export async function postPaperOverRest(rest: REST, channelId: string, paper: PaperView): Promise<PostedPaper> {
  const message = Created.parse(await rest.post(Routes.channelMessages(channelId), { body: messageBody(renderPaperPost('Today’s top trending paper', paper)) }));
  const thread = Created.parse(await rest.post(Routes.threads(channelId, message.id), { body: { name: threadName(paper.title), auto_archive_duration: 1440 } }));
  for (const part of renderAbstractMessages(paper)) await rest.post(Routes.channelMessages(thread.id), { body: messageBody(part) });
  return { channel: channelId, messageId: message.id, threadId: thread.id };
}

/** Posts a message to a channel, or to a person in the direct-message channel opened for them. */
export async function postMessageOverRest(rest: REST, target: PostTarget, payload: DiscordPayload): Promise<PostedPaper> {
  const channelId = target.person ? Created.parse(await rest.post(Routes.userChannels(), { body: { recipient_id: target.id } })).id : target.id;
  const message = Created.parse(await rest.post(Routes.channelMessages(channelId), { body: messageBody(payload) }));
  return { channel: target.id, messageId: message.id };
}

/** A thread name: 1-100 characters. */
export function threadName(title: string): string {
  return truncate(title.replace(/\s+/g, ' ').trim(), 100) || 'Abstract';
}
