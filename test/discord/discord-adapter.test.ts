import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { CHANNEL_ID, GUILD_ID, MANAGE_CHANNELS, USER_ID, type FakeDiscord } from './fake-discord.js';
import { HOSTILE_ABSTRACT, TOKEN, useDiscord } from './discord-harness.js';

const discord = useDiscord();
type Json = Record<string, unknown>;
type Component = { type: number; custom_id: string; label?: string; disabled?: boolean; placeholder?: string; options?: { label: string; value: string }[] };
type Callback = { type: number; data?: { embeds?: APIEmbed[]; components?: { components: Component[] }[]; allowed_mentions?: unknown; flags?: number; content?: string; choices?: { name: string; value: string }[] } };

async function interact(fake: FakeDiscord, interaction: Json): Promise<Callback> {
  const before = fake.callbacks().length;
  fake.dispatch('INTERACTION_CREATE', interaction);
  return (await fake.until(() => fake.callbacks()[before])) as Callback;
}

/**
 * What the user ends up seeing: the reply itself, or, after a deferral (5, or 6 for an update),
 * the first edit of the deferred response. `ephemeral` is what the first callback decided.
 */
async function answer(fake: FakeDiscord, interaction: Json): Promise<{ type: number; ephemeral: boolean; data: NonNullable<Callback['data']> }> {
  const cb = await interact(fake, interaction);
  const ephemeral = ((cb.data?.flags ?? 0) & 64) === 64;
  if (cb.type !== 5 && cb.type !== 6) return { type: cb.type, ephemeral, data: cb.data ?? {} };
  const edit = await fake.until(() => fake.webhookCalls(interaction)[0]);
  return { type: cb.type, ephemeral, data: edit.body as NonNullable<Callback['data']> };
}

/**
 * The value of option `index` (0 is the first result) of a results message's menu: `menu:abstract`,
 * `menu:save`; `menu:cite` and `menu:related` name the kind's options of the shared `menu:more`.
 */
function option(message: Json, menu: string, index = 0): string {
  const rows = message.components as { components: Component[] }[];
  const prefix = menu === 'menu:cite' ? 'cite:' : menu === 'menu:related' ? 'rel:' : undefined;
  const found = rows.flatMap((r) => r.components).find((c) => c.custom_id === (prefix ? 'menu:more' : menu))!;
  return found.options!.filter((o) => prefix === undefined || o.value.startsWith(prefix))[index]!.value;
}

/** The last message the fake holds in the results channel (the interaction reply). */
const resultsMessage = (fake: FakeDiscord) => fake.messages.get(CHANNEL_ID)!.at(-1)!;

describe('Discord, against a fake Discord gateway and REST API', () => {
  it('identifies with only the intents it uses', async () => {
    const { fake } = await discord();
    // Guilds (1), GuildMessages (512), GuildMessageReactions (1024) and DirectMessageReactions (8192), none
    // privileged; never MessageContent (32768).
    expect(fake.identifies[0]).toMatchObject({ token: TOKEN, intents: 1 | 512 | 1024 | 8192 });
  });

  it('answers /paper with an embed, three menus and paging (5 components in all), and no mentions allowed', async () => {
    const { fake, contexts } = await discord();
    const cb = await answer(fake, fake.slashCommand('sparse autoencoders', MANAGE_CHANNELS));
    // Deferred first (public, as results are), then the deferred response is edited into the results.
    expect(cb).toMatchObject({ type: 5, ephemeral: false });
    expect(cb.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect((cb.data as Record<string, unknown>).nonce).toBeUndefined(); // nonces are for channel messages only
    const embed = cb.data.embeds![0]!;
    expect(embed.title).toBe('Results for “sparse autoencoders”: 7 matches');
    expect(embed.fields).toHaveLength(5);
    expect(embed.fields![0]!.value).toMatch(/Apr 21, 2026 · #\d+ trending/);
    expect(embed.footer!.text).toBe('/paper sparse autoencoders · page 1 of 2');
    const [abstracts, saves, mores, paging] = cb.data.components!.map((r) => r.components);
    // One select menu per group of actions (ACTION_MENUS), its options the results by number and title, valued with the core's action ids.
    expect([abstracts, saves, mores].map((menu) => [menu!.length, menu![0]!.type, menu![0]!.custom_id, menu![0]!.placeholder])).toEqual([
      [1, 3, 'menu:abstract', 'Abstract of…'],
      [1, 3, 'menu:save', 'Save or watch…'],
      [1, 3, 'menu:more', 'Cite, related…'],
    ]);
    expect(abstracts![0]!.options!.map((o) => o.label.slice(0, 3))).toEqual(['1. ', '2. ', '3. ', '4. ', '5. ']);
    expect(abstracts![0]!.options!.every((o) => /^abs:[0-9a-f]{12}$/.test(o.value))).toBe(true);
    // A menu of two kinds names the action in each option ("Save: 1. ...", "Watch: 1. ..."): each paper's first kind, then its second.
    expect(saves![0]!.options!.map((o) => o.value)).toEqual(abstracts![0]!.options!.flatMap((o) => [o.value.replace('abs:', 'save:'), o.value.replace('abs:', 'watch:')]));
    expect(mores![0]!.options!.map((o) => o.value)).toEqual(abstracts![0]!.options!.flatMap((o) => [o.value.replace('abs:', 'cite:'), o.value.replace('abs:', 'rel:')]));
    expect(mores![0]!.options!.slice(0, 2).map((o) => o.label.slice(0, 12))).toEqual(['Cite: 1. Ada', 'Related: 1. ']);
    expect(paging!.map((c) => [c.custom_id, c.disabled])).toEqual([['page:0', true], ['page:2', false]]);
    expect(cb.data.components!.flatMap((r) => r.components)).toHaveLength(5);
    expect(contexts[0]).toEqual({ channel: `discord:${CHANNEL_ID}`, user: USER_ID, canManageChannel: true, direct: false, team: GUILD_ID });
  });

  it('pages by updating the message, reading the query back from the results message', async () => {
    const { fake } = await discord();
    await answer(fake, fake.slashCommand('sparse autoencoders'));
    const results = resultsMessage(fake);
    const cb = await answer(fake, fake.button('page:2', results));
    expect(cb.type).toBe(6); // a deferred update of the results message
    expect(cb.data.embeds![0]!.footer!.text).toBe('/paper sparse autoencoders · page 2 of 2');
    expect(cb.data.embeds![0]!.fields![0]!.name).toMatch(/^6\. /);
    expect(resultsMessage(fake).id).toBe(results.id);
    expect((resultsMessage(fake).embeds as APIEmbed[])[0]!.footer!.text).toBe('/paper sparse autoencoders · page 2 of 2');
  });

  it('suggests titles as the user types: at most 25, names within 100 characters', async () => {
    const { fake, library } = await discord();
    const cb = await interact(fake, fake.autocomplete('merging mod'));
    expect(cb.type).toBe(8);
    const choices = cb.data!.choices!;
    expect(choices.map((c) => c.name)).toContain('Merging Models with Fisher-Weighted Averaging');
    const many = await interact(fake, fake.autocomplete('learning networks models'));
    expect(library.complete('learning networks models', 100).length).toBeGreaterThan(25);
    expect(many.data!.choices!).toHaveLength(25);
    expect(many.data!.choices!.every((c) => c.name.length >= 1 && c.name.length <= 100 && c.value.length <= 100)).toBe(true);
  });

  it('names the thread after the paper, and still answers the buttons of messages posted before the menus (the action id as custom id)', async () => {
    const { fake } = await discord();
    await answer(fake, fake.slashCommand('sparse autoencoders'));
    const message = resultsMessage(fake);
    const value = option(message, 'menu:abstract');
    const first = await answer(fake, fake.button(value, message));
    expect(first).toMatchObject({ type: 5, ephemeral: true });
    expect(first.data.content).toMatch(/^Abstract posted in the thread/);
    const thread = await fake.until(() => fake.threads.get(String(message.id)));
    expect(thread.name).toMatch(/^Adaptive Sparse Allocation/);
    const posted = fake.messages.get(String(thread.id))!;
    expect(posted).toHaveLength(1);
    expect((posted[0]!.embeds as APIEmbed[])[0]!.title).toMatch(/^Abstract: /);
    expect(posted[0]!.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
  it('reuses the thread after a restart (Discord says it exists) and still posts once', async () => {
    const { fake } = await discord();
    await answer(fake, fake.slashCommand('quantiz'));
    const message = resultsMessage(fake);
    const value = option(message, 'menu:abstract', 1);
    // A thread made before the restart: discord.js has no cache of it.
    fake.threads.set(String(message.id), { id: message.id, type: 11, guild_id: '100000000000000003', parent_id: CHANNEL_ID, name: 'old', owner_id: '1', thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false } });
    fake.messages.set(String(message.id), []);
    await answer(fake, fake.select('menu:abstract', value, message));
    expect(fake.messages.get(String(message.id))).toHaveLength(1);
  });

  it('keeps hostile text inert and splits a 5000-character abstract into several thread messages', async () => {
    const { fake } = await discord();
    const cb = await answer(fake, fake.slashCommand('hostile attack'));
    const field = cb.data.embeds![0]!.fields![0]!;
    expect(field.name).toContain('\\*\\*bold\\*\\*');
    expect(field.name).toContain('\\|\\|spoiler\\|\\|');
    expect(field.name).toContain('@\u200beveryone');
    expect(field.name).not.toMatch(/<@123>/);
    expect(cb.data.allowed_mentions).toEqual({ parse: [], replied_user: false });

    const message = resultsMessage(fake);
    await answer(fake, fake.select('menu:abstract', option(message, 'menu:abstract'), message));
    const parts = fake.messages.get(String(message.id))!;
    expect(HOSTILE_ABSTRACT.length).toBeGreaterThan(5000);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) {
      const embed = (part.embeds as APIEmbed[])[0]!;
      expect(embed.description!.length).toBeLessThanOrEqual(4096);
      expect(part.allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
    const text = parts.map((p) => (p.embeds as APIEmbed[])[0]!.description).join(' ');
    expect(text.replace(/\\/g, '').replace(/\u200b/g, '')).toBe(HOSTILE_ABSTRACT);
  });

  it('answers errors and no results ephemerally', async () => {
    const { fake } = await discord();
    const none = await answer(fake, fake.slashCommand('difusoin'));
    expect(none.ephemeral).toBe(true);
    expect(none.data.content).toContain('Did you mean **diffusion**?');
    expect(fake.messages.get(CHANNEL_ID)).toEqual([]); // nothing public, not even a "thinking" message
    const stale = await interact(fake, fake.button('nonsense', resultsMessage(fake) ?? fake.message(CHANNEL_ID, {})));
    expect(stale.data!.flags).toBe(64);
  });

});
