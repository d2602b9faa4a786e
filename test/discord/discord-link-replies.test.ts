import type { APIEmbed } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.js';
import { channelLimiter, LINK_REPLY_LIMIT } from '../../adapters/discord/link-replies.js';
import type { FakeHfApi } from '../huggingface/fake-hf-api.js';
import { API_ONLY_PAPER, LIBRARY_PAPER, linkBot, NO_PAPER } from '../links/link-bot.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from './fake-discord.js';
import { TOKEN } from './discord-harness.js';

// The optional Message Content mode: with DISCORD_LINK_REPLIES=on the bot
// identifies with the Message Content intent and replies to a message holding
// paper links with compact cards, a few a minute per channel.

const running: { adapter: DiscordAdapter; fake: FakeDiscord; api: FakeHfApi }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.adapter.stop();
    await r.fake.stop();
    await r.api.close();
  }
});

async function start(linkReplies: 'on' | 'off') {
  const fake = await new FakeDiscord().start();
  const { bot, api, logger, logs } = await linkBot();
  const adapter = createDiscordAdapter({ bot, logger, settings: { token: TOKEN, guildId: GUILD_ID, apiUrl: fake.apiUrl, results: 'channel', register: 'off', linkReplies }, rest: { timeout: 3000, retries: 1 } });
  running.push({ adapter, fake, api });
  await adapter.start();
  /** A person's message in the channel, delivered as the gateway would. */
  const say = (text: string) => fake.dispatch('MESSAGE_CREATE', { ...fake.userMessage(text), member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } });
  return { fake, api, logs, say };
}

const replies = (fake: FakeDiscord) => fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));

describe('Discord link replies (Message Content mode)', () => {
  it('is off by default: no Message Content intent, no reply to a link', async () => {
    const { fake, say, api } = await start('off');
    expect(fake.identifies[0]).toMatchObject({ intents: 1 | 512 });
    say(`https://arxiv.org/abs/${LIBRARY_PAPER}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(replies(fake)).toEqual([]);
    expect(api.paperRequests).toEqual([]);
  });

  it('when on, identifies with Message Content and replies with compact cards, a few a minute per channel', async () => {
    const { fake, say, api } = await start('on');
    expect(fake.identifies[0]).toMatchObject({ intents: 1 | 512 | 32768 });
    say(`look: https://arxiv.org/abs/${LIBRARY_PAPER}v2 and huggingface.co/papers/${API_ONLY_PAPER}`);
    const first = await fake.until(() => replies(fake)[0]);
    const body = first.body as { embeds: APIEmbed[]; allowed_mentions: unknown; message_reference?: { message_id: string } };
    expect(body.embeds.map((e) => e.url)).toEqual([`https://arxiv.org/abs/${LIBRARY_PAPER}`, `https://arxiv.org/abs/${API_ONLY_PAPER}`]);
    // Compact: where it trended and its links; no TL;DR, no authors.
    expect(body.embeds[0]!.description).toMatch(/^Nov 27, 2026 · #1 trending · 87 upvotes\n\n\[arXiv\]/);
    expect(body.embeds[0]!.description).not.toContain('TL;DR');
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.message_reference).toBeDefined();
    // A message without a paper link, or with a link to no paper, gets nothing.
    say('no links here');
    say(`https://arxiv.org/abs/${NO_PAPER}`);
    await fake.until(() => api.paperRequests.includes(NO_PAPER) || undefined);
    // The link to no paper took a token too (it cost a lookup): of two more link messages, one is answered.
    for (let i = 0; i < 2; i++) say(`arxiv.org/abs/${LIBRARY_PAPER}`);
    await fake.until(() => replies(fake)[1]);
    await new Promise((r) => setTimeout(r, 300));
    expect(replies(fake)).toHaveLength(LINK_REPLY_LIMIT.burst - 1);
  });

  it('limits each channel on its own, and earns replies back with time', () => {
    let now = 0;
    const limiter = channelLimiter({ burst: 2, everyMs: 1000, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([true, true, false, true]);
    now = 1000;
    expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false]);
  });
});
