import { MessageFlags, type Message, type MessageContextMenuCommandInteraction } from 'discord.js';
import type { PaperBot } from '../../src/commands/answer.js';
import { findPaperLinks } from '../../src/links/paper-links.js';
import { renderReply } from './render.js';

// "Paper info", a message context-menu command (Apps -> Paper info on any
// message): the cards of every paper link in that message, only to the
// asker. Discord includes the target message's content in the interaction,
// so it needs no privileged intent (MESSAGE_CONTENT stays off).

/** Every text of a message where a paper link may be: its content, and its embeds' links, titles and descriptions. */
export function messageText(message: Pick<Message, 'content' | 'embeds'>): string {
  const embeds = message.embeds.flatMap((e) => [e.url ?? '', e.title ?? '', e.description ?? '']);
  return [message.content, ...embeds].filter(Boolean).join('\n');
}

/** Answers "Paper info" on a message: deferred and ephemeral at once (a lookup may take a moment), then the cards. */
export async function answerPaperInfo(i: MessageContextMenuCommandInteraction, bot: PaperBot): Promise<void> {
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const urls = findPaperLinks(messageText(i.targetMessage)).map((l) => l.url);
  const { reply } = await bot.handle({ kind: 'link', urls, context: { channel: `discord:${i.channelId}`, user: i.user.id, direct: !i.inGuild() } });
  const p = renderReply(reply);
  await i.editReply({ content: p.content, embeds: p.embeds, components: p.components, allowedMentions: { parse: [], repliedUser: false } });
}
