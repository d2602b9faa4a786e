import type { WebClient } from '@slack/web-api';
import type { Reply } from '../../src/commands/reply.js';
import type { Logger } from '../../src/ops/logger.js';
import { bibtexFitsInline } from './render.js';

// Replies too long for a message that Slack takes as a file: a reading list's
// BibTeX. Slack cannot show a file to one person only in a channel, so it goes
// to the asker's direct messages with the bot (files.uploadV2 shares it there),
// and the answer they see says so (render.ts).

/** Uploads the reply's file to `user`'s DM with the bot, when the reply has one that does not fit inline. */
export async function deliverFile(client: WebClient, user: string, reply: Reply, logger: Logger): Promise<void> {
  if (reply.kind !== 'bibtex' || bibtexFitsInline(reply.bibtex)) return;
  const dm = await client.conversations.open({ users: user });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open gave no channel');
  await client.files.uploadV2({ channel_id: channel, content: reply.bibtex, filename: reply.filename, title: reply.title });
  logger.debug(`slack: sent a ${reply.count}-entry BibTeX file by direct message`);
}
