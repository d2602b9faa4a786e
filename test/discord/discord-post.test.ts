import { REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../adapters/discord/register.js';
import { COMMANDS } from '../../adapters/discord/commands.js';
import { createLogger } from '../../src/ops/logger.js';
import { RecipientGoneError } from '../../src/adapter.js';
import { APP_ID, CHANNEL_ID, FakeDiscord, GUILD_ID, USER_ID } from './fake-discord.js';
import { TOKEN, useDiscord } from './discord-harness.js';

const discord = useDiscord();
const CHANNEL_MESSAGES = new RegExp(`^/channels/${CHANNEL_ID}/messages$`);

describe('posting a paper (the daily post)', () => {
  const topPaper = async (h: Awaited<ReturnType<typeof discord>>) => (await h.core.view(h.library.papersOn('2026-04-21')[0]!.paper.id))!;

  it('posts an embed with links, then the abstract in a thread on it', async () => {
    const h = await discord();
    const posted = await h.adapter.postPaper(CHANNEL_ID, await topPaper(h));
    const [post] = h.fake.callsTo('POST', CHANNEL_MESSAGES);
    const body = post!.body as { embeds: { title: string; description: string }[]; allowed_mentions: unknown; nonce?: string; enforce_nonce?: boolean };
    expect(body.embeds[0]!.title).toMatch(/^Towards Principled Evaluations/);
    expect(body.embeds[0]!.description).toContain('[Find on arXiv](https://arxiv.org/search/?query=');
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.enforce_nonce).toBe(true);
    expect(posted.threadId).toBe(posted.messageId);
    expect(h.fake.messages.get(posted.threadId!)).toHaveLength(1);
  });

  it('shows a live-source paper with its thumbnail, authors, upvotes, TL;DR, real links and the core’s action buttons', async () => {
    const h = await discord();
    const view = { ...(await topPaper(h)), arxivId: '2405.08366', authors: 'Aleksandar Makelov, George Lange, Neel Nanda', upvotes: 25, tldr: 'SAEs, evaluated.', thumbnail: 'https://cdn-thumbnails.huggingface.co/x.png', links: [{ label: 'arXiv', url: 'https://arxiv.org/abs/2405.08366' }] };
    await h.adapter.postPaper(CHANNEL_ID, view);
    const [post] = h.fake.callsTo('POST', CHANNEL_MESSAGES);
    const body = post!.body as { embeds: { description: string; thumbnail?: { url: string } }[]; components: { components: { custom_id: string }[] }[] };
    expect(body.embeds[0]!.thumbnail).toEqual({ url: 'https://cdn-thumbnails.huggingface.co/x.png' });
    expect(body.embeds[0]!.description).toContain('#1 trending · 25 upvotes');
    expect(body.embeds[0]!.description).toContain('Aleksandar Makelov, George Lange, Neel Nanda');
    expect(body.embeds[0]!.description).toContain('**TL;DR** (AI summary by Hugging Face): SAEs, evaluated.');
    expect(body.embeds[0]!.description).toContain('[arXiv](https://arxiv.org/abs/2405.08366)');
    expect(body.components[0]!.components.map((c) => c.custom_id)).toEqual([`abs:${view.id}`, `save:${view.id}`, `cite:${view.id}`, `rel:${view.id}`, `watch:${view.id}`]);
  });

  it('waits out a 429 and retries a 502, posting each message once', async () => {
    const h = await discord();
    h.fake.script('POST', CHANNEL_MESSAGES, { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false }, headers: { 'retry-after': '0.05', 'x-ratelimit-scope': 'user' } });
    h.fake.script('POST', CHANNEL_MESSAGES, { status: 502, body: { message: 'Bad Gateway' } });
    const posted = await h.adapter.postPaper(CHANNEL_ID, await topPaper(h));
    expect(h.fake.callsTo('POST', CHANNEL_MESSAGES)).toHaveLength(3);
    expect(h.fake.messages.get(CHANNEL_ID)).toHaveLength(1);
    // The retries resend the same nonce, so Discord would fold a duplicate.
    const nonces = new Set(h.fake.callsTo('POST', CHANNEL_MESSAGES).map((c) => (c.body as { nonce: string }).nonce));
    expect(nonces.size).toBe(1);
    expect(h.fake.messages.get(posted.threadId!)).toHaveLength(1);
  });

  it('logs a clear line and throws on Missing Permissions, without crashing', async () => {
    const h = await discord();
    h.fake.script('POST', CHANNEL_MESSAGES, { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    await expect(h.adapter.postPaper(CHANNEL_ID, await topPaper(h))).rejects.toThrow(/Missing Permissions/);
    expect(h.logs.join('\n')).toContain(`paperbot lacks permission to post in channel ${CHANNEL_ID}`);
    expect(h.logs.join('\n')).not.toContain(TOKEN);
    // Still alive: it answers the next command.
    h.fake.dispatch('INTERACTION_CREATE', h.fake.slashCommand('mixup'));
    await h.fake.until(() => h.fake.callbacks()[0]);
  });
});

describe('command registration', () => {
  it('registers to the guild when the definition changed, and skips when it did not', async () => {
    const fake = await new FakeDiscord().start();
    try {
      const rest = new REST({ api: fake.apiUrl, retries: 0, timeout: 3000 }).setToken(TOKEN);
      const logger = createLogger({ level: 'silent' });
      expect(await registerCommands({ rest, applicationId: APP_ID, guildId: GUILD_ID, logger })).toBe('registered');
      expect(fake.callsTo('PUT', new RegExp(`^/applications/${APP_ID}/guilds/${GUILD_ID}/commands$`))[0]!.body).toEqual(COMMANDS);
      expect(await registerCommands({ rest, applicationId: APP_ID, guildId: GUILD_ID, logger })).toBe('unchanged');
      expect(fake.callsTo('PUT', /commands$/)).toHaveLength(1);
      // Without a guild, globally.
      expect(await registerCommands({ rest, applicationId: APP_ID, logger })).toBe('registered');
      expect(fake.callsTo('PUT', new RegExp(`^/applications/${APP_ID}/commands$`))).toHaveLength(1);
      // A changed description on Discord's side is re-registered.
      fake.commands.set(GUILD_ID, [{ ...COMMANDS[0]!, description: 'old text' }]);
      expect(await registerCommands({ rest, applicationId: APP_ID, guildId: GUILD_ID, logger })).toBe('registered');
    } finally {
      await fake.stop();
    }
  });

  it('registers at start when DISCORD_REGISTER=auto', async () => {
    const h = await discord({ register: 'auto' });
    await h.fake.until(() => h.fake.callsTo('PUT', /commands$/)[0]);
    expect(h.fake.commands.get(GUILD_ID)).toHaveLength(COMMANDS.length);
  });

  it('posts a follow alert to a channel and, for a person, in a direct message, with no mentions allowed', async () => {
    const h = await discord();
    const hit = (await h.core.view(h.library.papersOn('2026-04-21')[0]!.paper.id))!;
    const alert = { kind: 'list' as const, title: 'New papers for “sparse autoencoders”', hits: [hit], notes: [] };
    await h.adapter.post({ id: CHANNEL_ID, person: false }, alert);
    await h.adapter.post({ id: USER_ID, person: true }, alert);
    const dm = h.fake.dmChannels.get(USER_ID)!;
    for (const channel of [CHANNEL_ID, dm]) {
      const [message] = h.fake.messages.get(channel)!;
      expect((message!.embeds as { title: string }[])[0]!.title).toBe('New papers for “sparse autoencoders”');
      expect(message!.allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
  });

  it('says a recipient is gone when Discord says paperbot can never post there', async () => {
    const h = await discord();
    const alert = { kind: 'list' as const, title: 'x', hits: [], notes: [] };
    await expect(h.adapter.post({ id: '100000000000000999', person: true }, alert)).rejects.toBeInstanceOf(RecipientGoneError);
    h.fake.script('POST', CHANNEL_MESSAGES, { status: 403, body: { message: 'Missing Access', code: 50001 } });
    await expect(h.adapter.post({ id: CHANNEL_ID, person: false }, alert)).rejects.toThrow(/cannot post to .* any more \(50001 Missing Access\)/);
  });
});
