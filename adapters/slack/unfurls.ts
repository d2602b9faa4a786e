import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { PaperBot } from '../../src/commands/answer.js';
import { NO_PAPER_LINKS } from '../../src/conversation/handle.js';
import type { Logger } from '../../src/ops/logger.js';
import type { OnceKeys } from '../../src/store/once-keys.js';
import { renderUnfurls } from './render.js';

// Slack's unfurls of paper links: when someone posts (or types, in the
// composer) a link on a domain the manifest registers (arxiv.org,
// huggingface.co), Slack sends `link_shared` with the links; the core answers
// a neutral `link` event with one card per paper, and paperbot attaches each
// card to its link with `chat.unfurl`. A link to no known paper gets no
// unfurl and nothing in the channel: Slack's own preview stays. Needs the
// `links:read` and `links:write` scopes and the `link_shared` bot event.

/**
 * The most links one event unfurls. Slack sends the links of one message in
 * one event and documents no number per message; paperbot answers at most
 * this many, one paper each (the core caps a link event at 10 anyway), so a
 * message of 40 arXiv links is not 40 lookups.
 */
export const MAX_UNFURLS = 5;

/** What paperbot reads of a link_shared event. */
const LinkSharedSchema = z.object({
  channel: z.string().min(1),
  user: z.string().optional(),
  message_ts: z.string().min(1),
  unfurl_id: z.string().min(1).optional(),
  source: z.enum(['composer', 'conversations_history']).optional(),
  links: z.array(z.object({ url: z.string().min(1).max(3000), domain: z.string().optional() })).max(100),
});

export interface UnfurlDeps {
  bot: PaperBot;
  logger: Logger;
  /** Events already answered (shared with the mention handler): a retried event unfurls once. */
  events: OnceKeys;
}

/** Registers the link_shared handler on `app` (one line in slack-adapter.ts). */
export function registerUnfurls(app: App, deps: UnfurlDeps): void {
  app.event('link_shared', async ({ event, body, client }) => {
    const eventId = 'event_id' in body ? String(body.event_id) : undefined;
    await unfurl(client, event, eventId, deps);
  });
}

/** Answers one link_shared event: cards for its paper links, through chat.unfurl; never throws. */
export async function unfurl(client: WebClient, raw: unknown, eventId: string | undefined, deps: UnfurlDeps): Promise<void> {
  const { bot, logger, events } = deps;
  const parsed = LinkSharedSchema.safeParse(raw);
  if (!parsed.success) {
    logger.debug(`slack: ignored a link_shared event paperbot cannot read (${parsed.error.issues[0]?.path.join('.') ?? 'event'})`);
    return;
  }
  const event = parsed.data;
  // Slack re-sends an event it thinks was not acknowledged in time: unfurl once.
  if (!(await events.claim(eventId ?? `unfurl:${event.channel}:${event.message_ts}`))) return;
  // Which of them are paper links is the core's to say; it answers with at most MAX_UNFURLS cards.
  const urls = [...new Set(event.links.map((l) => l.url))];
  try {
    const { reply } = await bot.handle({ kind: 'link', urls, limit: MAX_UNFURLS, context: { channel: `slack:${event.channel}`, ...(event.user ? { user: event.user } : {}) } });
    if (reply.kind !== 'card') {
      // The core logged a paper it could not find; links that name no paper at all are noted here.
      if (reply.kind === 'error' && reply.message === NO_PAPER_LINKS) logger.debug(`slack: no paper links among the ${urls.length} shared in ${event.channel}`);
      return;
    }
    const unfurls = renderUnfurls(reply);
    if (Object.keys(unfurls).length === 0) return;
    // A link still in the composer has no message yet: it is named by its unfurl id.
    const target = event.unfurl_id && event.source ? { unfurl_id: event.unfurl_id, source: event.source } : { channel: event.channel, ts: event.message_ts };
    await client.chat.unfurl({ ...target, unfurls });
  } catch (err) {
    const code = (err as { data?: { error?: unknown } }).data?.error;
    logger.warn(`slack: unfurling ${urls.length} links in ${event.channel} failed: ${typeof code === 'string' ? code : err instanceof Error ? err.message : String(err)}`);
  }
}
