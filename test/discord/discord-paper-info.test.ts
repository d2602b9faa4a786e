import type { APIEmbed } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.js';
import { PAPER_INFO_COMMAND } from '../../adapters/discord/commands.js';
import type { FakeHfApi } from '../huggingface/fake-hf-api.js';
import { API_ONLY_PAPER, LIBRARY_PAPER, linkBot, NO_PAPER } from '../links/link-bot.js';
import { GUILD_ID, FakeDiscord } from './fake-discord.js';
import { TOKEN } from './discord-harness.js';

// Discord's "Paper info" (Apps -> Paper info on a message), through the real
// discord.js client against the fake Discord: deferred ephemerally, then the
// cards of the message's paper links.

type Json = Record<string, unknown>;
type Data = { embeds?: APIEmbed[]; components?: { components: { custom_id: string; label?: string }[] }[]; content?: string; allowed_mentions?: unknown };

const running: { adapter: DiscordAdapter; fake: FakeDiscord; api: FakeHfApi }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.adapter.stop();
    await r.fake.stop();
    await r.api.close();
  }
});

async function start() {
  const fake = await new FakeDiscord().start();
  const { bot, api, logger } = await linkBot();
  const adapter = createDiscordAdapter({ bot, logger, settings: { token: TOKEN, guildId: GUILD_ID, apiUrl: fake.apiUrl, results: 'channel', register: 'off' }, rest: { timeout: 3000, retries: 1 } });
  running.push({ adapter, fake, api });
  await adapter.start();
  return { fake, api };
}

/** Uses "Paper info" on `target`: the first callback (a deferral) and the edit that answers it. */
async function paperInfo(fake: FakeDiscord, target: Json): Promise<{ flags: number; type: number; data: Data }> {
  const interaction = fake.messageCommand(PAPER_INFO_COMMAND.name, target);
  const before = fake.callbacks().length;
  fake.dispatch('INTERACTION_CREATE', interaction);
  const cb = await fake.until(() => fake.callbacks()[before]);
  const edit = await fake.until(() => fake.webhookCalls(interaction)[0]);
  return { type: cb.type, flags: Number(cb.data?.flags ?? 0), data: edit.body as Data };
}

describe('Discord "Paper info"', () => {
  it('answers a message holding arxiv.org/abs/<id>v2 ephemerally with the card, its buttons and no mentions', async () => {
    const { fake, api } = await start();
    const target = fake.userMessage(`have you seen https://arxiv.org/abs/${LIBRARY_PAPER}v2 ? @everyone`);
    const { type, flags, data } = await paperInfo(fake, target);
    expect([type, flags & 64]).toEqual([5, 64]);
    expect(data.embeds).toHaveLength(1);
    const [card] = data.embeds!;
    expect(card!.title).toBe('Fine-Tunable Sparse-Linear Attention for Long Video Generation');
    expect(card!.url).toBe(`https://arxiv.org/abs/${LIBRARY_PAPER}`);
    expect(card!.description).toContain('#1 trending · 87 upvotes');
    expect(card!.description).toContain('**TL;DR** (AI summary by Hugging Face)');
    expect(data.components![0]!.components.map((c) => c.label)).toEqual(['Abstract', 'Save', 'Cite', 'Related', 'Watch']);
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(api.paperRequests).toEqual([]);
  });

  it('gives a card for every paper link in the message, one per paper, looking up what the library lacks', async () => {
    const { fake, api } = await start();
    const target = fake.userMessage(`[pdf](https://arxiv.org/pdf/${LIBRARY_PAPER}) and https://huggingface.co/papers/${API_ONLY_PAPER} and again arxiv.org/abs/${LIBRARY_PAPER}`);
    const { data } = await paperInfo(fake, target);
    expect(data.embeds!.map((e) => e.url)).toEqual([`https://arxiv.org/abs/${LIBRARY_PAPER}`, `https://arxiv.org/abs/${API_ONLY_PAPER}`]);
    // Several cards: the list's select menus instead of buttons.
    expect(data.components!.flatMap((r) => r.components.map((c) => c.custom_id))).toEqual(['menu:abstract', 'menu:save', 'menu:more']);
    expect(api.paperRequests).toEqual([API_ONLY_PAPER]);
  });

  it('says so, only to the asker, for a message with no paper link, or a link to no paper', async () => {
    const { fake } = await start();
    const none = await paperInfo(fake, fake.userMessage('no links here, just https://example.org'));
    expect([none.flags & 64, none.data.content]).toEqual([64, expect.stringContaining('I found no links to papers there')]);
    const unknown = await paperInfo(fake, fake.userMessage(`https://arxiv.org/abs/${NO_PAPER}`));
    expect(unknown.data.content).toContain(`Neither the library nor Hugging Face has a paper with arXiv id ${NO_PAPER}`);
    // Nothing was posted in the channel: the answers are the interaction's own, private.
    expect(fake.callsTo('POST', /\/channels\/\d+\/messages$/)).toEqual([]);
  });
});
