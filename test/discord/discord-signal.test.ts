import { describe, expect, it } from 'vitest';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { CHANNEL_ID, GUILD_ID, type FakeDiscord } from './fake-discord.js';
import { useDiscord } from './discord-harness.js';

// The team's signal on Discord, through the real discord.js client and a fake
// Discord: Save in the "Save…" menu and on paper messages, reactions on
// paperbot's messages as votes (once per person and paper, removed with the
// reaction, also on messages the client never cached), top, foryou and
// saved bib only for the asker.

const discord = useDiscord();
const tmp = useTmpDir();
const stores = useSqliteStores(tmp);
type Json = Record<string, unknown>;
type Component = { custom_id: string; options?: { label: string; value: string }[] };
type Data = { embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[]; components?: { components: Component[] }[]; content?: string; flags?: number; files?: { name: string; content: string }[] };

async function answer(fake: FakeDiscord, interaction: Json): Promise<{ ephemeral: boolean; data: Data }> {
  const before = fake.callbacks().length;
  fake.dispatch('INTERACTION_CREATE', interaction);
  const cb = (await fake.until(() => fake.callbacks()[before])) as { type: number; data?: Data };
  const ephemeral = ((cb.data?.flags ?? 0) & 64) === 64;
  if (cb.type !== 5 && cb.type !== 6) return { ephemeral, data: cb.data ?? {} };
  const edit = await fake.until(() => fake.webhookCalls(interaction)[0]);
  return { ephemeral, data: edit.body as Data };
}

const last = (fake: FakeDiscord) => fake.messages.get(CHANNEL_ID)!.at(-1)!;
const all = (data: Data) => JSON.stringify(data);

async function eventually<T>(check: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the team signal on Discord', () => {
  it('saves from the Save menu, shows the reading list only to its owner, with paging', async () => {
    const store = stores();
    const { fake } = await discord({}, { store });
    const results = await answer(fake, fake.slashCommand('sparse autoencoders'));
    // Three menus and the paging row: 4 rows, 5 components.
    expect(results.data.components!.map((r) => r.components[0]!.custom_id)).toEqual(['menu:abstract', 'menu:save', 'menu:more', 'page:0']);
    const saveMenu = results.data.components![1]!.components[0]!;
    const saved = await answer(fake, fake.select('menu:save', saveMenu.options!.filter((o) => o.value.startsWith('save:'))[2]!.value, last(fake)));
    expect(saved.ephemeral).toBe(true);
    expect(all(saved.data)).toContain('to your reading list');
    for (const n of [1, 2, 4, 5]) await answer(fake, fake.slashCommand(`save ${n}`));
    await answer(fake, fake.slashCommand('sparse autoencoders page 2'));
    await answer(fake, fake.slashCommand('save 6'));
    const list = await answer(fake, fake.slashCommand('saved'));
    expect(list.ephemeral).toBe(true);
    expect(list.data.embeds![0]!.title).toBe('Your reading list: 6 papers, newest first');
    expect(all(list.data)).toContain('/paper saved · page 1 of 2');
    expect(list.data.components!.at(-1)!.components.map((c) => c.custom_id)).toEqual(['page:0', 'page:2']);
  });

  it('counts reactions on its own single-paper messages once per person and paper, and removes them with the reaction', async () => {
    const store = stores();
    const { fake } = await discord({}, { store });
    const results = await answer(fake, fake.slashCommand('sparse autoencoders'));
    const paperId = results.data.components![0]!.components[0]!.options![0]!.value.slice('abs:'.length);
    await answer(fake, fake.slashCommand(`show ${paperId}`));
    const post = last(fake);
    expect(all(post)).toContain(`save:${paperId}`);
    const other = '100000000000000077';
    fake.react(true, post, '👍');
    fake.react(true, post, '👍'); // delivered twice
    fake.react(true, post, '👍🏽'); // another reaction (a skin tone) by the same person: still one vote
    fake.react(true, post, '⭐', other);
    fake.react(true, post, '👀', '100000000000000078'); // not a voting emoji
    fake.react(true, fake.messages.get(CHANNEL_ID)!.find((m) => all(m).includes('Results for'))!, '🔥', '100000000000000079'); // five papers: no vote
    const team = `discord:${GUILD_ID}`;
    await eventually(() => store.teamTop(team, 0, 10), (t) => t[0]?.count === 2);
    const top = await answer(fake, fake.slashCommand('top'));
    expect(all(top.data)).toContain('2 saves and reactions');
    expect(all(top.data)).not.toContain(other);
    fake.react(false, post, '⭐', other);
    await eventually(() => store.teamTop(team, 0, 10), (t) => t[0]?.count === 1);
    expect(await store.teamTop(team, 0, 10)).toEqual([{ paperId, count: 1 }]);
  });

  it('fetches no message for a reaction whose emoji does not vote, on its own messages or anyone’s', async () => {
    const store = stores();
    const { fake } = await discord({}, { store });
    const paperId = (await answer(fake, fake.slashCommand('sparse autoencoders'))).data.components![0]!.components[0]!.options![0]!.value.slice('abs:'.length);
    await answer(fake, fake.slashCommand(`show ${paperId}`));
    // Messages discord.js never cached (as after a restart): paperbot's own paper post from before, and someone's message.
    // Reading one is a REST GET.
    const post = last(fake);
    const before = fake.message(CHANNEL_ID, { embeds: post.embeds, components: post.components });
    fake.messages.get(CHANNEL_ID)!.push(before);
    const someone = fake.userMessage('look at this');
    const gets = (message: Record<string, unknown>) => fake.callsTo('GET', new RegExp(`^/channels/\\d+/messages/${String(message.id)}$`)).length;
    fake.react(true, someone, '😂');
    fake.react(true, someone, '👀', '100000000000000077');
    fake.react(true, before, '😂');
    fake.react(false, before, '😂');
    fake.react(true, post, '🎉');
    // Then one that votes: reading its message waits behind any read before it (one route, one queue), and once it counts all were handled.
    fake.react(true, before, '👍');
    await eventually(() => store.teamTop(`discord:${GUILD_ID}`, 0, 10), (t) => t[0]?.count === 1);
    expect([gets(someone), gets(before)]).toEqual([0, 1]);
    expect(fake.callsTo('GET', /^\/channels\/\d+\/messages\/\d+$/)).toHaveLength(1);
  });

  it('keeps 👍 and 👍🏽 by one person as two reactions that count once, each removed on its own', async () => {
    const store = stores();
    const { fake, logs } = await discord({}, { store });
    const paperId = (await answer(fake, fake.slashCommand('sparse autoencoders'))).data.components![0]!.components[0]!.options![0]!.value.slice('abs:'.length);
    await answer(fake, fake.slashCommand(`show ${paperId}`));
    const post = last(fake);
    const team = `discord:${GUILD_ID}`;
    const outcomes = () => logs.flatMap((l) => /discord: a reaction on message \d+: (.*)$/.exec(l)?.[1] ?? []);
    const handled = (n: number) => fake.until(() => outcomes().length >= n && outcomes());
    fake.react(true, post, '👍');
    fake.react(true, post, '👍🏽');
    expect(await handled(2)).toEqual(['Vote counted.', 'Vote counted.']);
    expect(await store.teamTop(team, 0, 10)).toEqual([{ paperId, count: 1 }]);
    fake.react(false, post, '👍🏽');
    expect((await handled(3))[2]).toBe('Vote removed.');
    expect(await store.teamTop(team, 0, 10)).toEqual([{ paperId, count: 1 }]);
    fake.react(false, post, '👍');
    expect((await handled(4))[3]).toBe('Vote removed.');
    expect(await store.teamTop(team, 0, 10)).toEqual([]);
  });

  it('removes the votes of reactions cleared in bulk: one emoji of everyone, or every reaction of a message', async () => {
    const store = stores();
    const { fake } = await discord({}, { store });
    const results = await answer(fake, fake.slashCommand('sparse autoencoders'));
    const [first, second] = results.data.components![0]!.components[0]!.options!.map((o) => o.value.slice('abs:'.length));
    await answer(fake, fake.slashCommand(`show ${first}`));
    const one = last(fake);
    await answer(fake, fake.slashCommand(`show ${second}`));
    const two = last(fake);
    const [b, c] = ['100000000000000077', '100000000000000078'];
    fake.react(true, one, '👍');
    fake.react(true, one, '⭐', b);
    fake.react(true, one, '👍', c);
    fake.react(true, two, '⭐', b);
    const team = `discord:${GUILD_ID}`;
    await eventually(() => store.teamTop(team, 0, 10), (t) => t.reduce((n, e) => n + e.count, 0) === 4);
    const restBefore = fake.calls.length;
    // Every 👍 on the first message cleared: the ⭐ there still counts.
    fake.clearReactions(one, '👍');
    await eventually(() => store.listVotedPapers('discord:100000000000000005'), (v) => v.length === 0);
    expect(await store.listVotedPapers(`discord:${c}`)).toEqual([]);
    expect(await store.teamTop(team, 0, 10)).toEqual([
      { paperId: [first!, second!].sort()[0], count: 1 },
      { paperId: [first!, second!].sort()[1], count: 1 },
    ]);
    // Every reaction on the first message cleared: the second's stays.
    fake.clearReactions(one);
    await eventually(() => store.teamTop(team, 0, 10), (t) => t.length === 1);
    expect(await store.teamTop(team, 0, 10)).toEqual([{ paperId: second, count: 1 }]);
    // Clearing asks Discord for nothing.
    expect(fake.calls.length).toBe(restBefore);
  });

  it('answers foryou only to the asker, and attaches a long saved bib', async () => {
    const store = stores();
    const { fake } = await discord({}, { store });
    const few = await answer(fake, fake.slashCommand('foryou'));
    expect(few.ephemeral).toBe(true);
    for (const query of ['sparse autoencoders', 'quantization', 'diffusion', 'language models', 'training', 'learning']) {
      await answer(fake, fake.slashCommand(query));
      for (const n of [1, 2, 3, 4, 5]) await answer(fake, fake.slashCommand(`save ${n}`));
    }
    const picks = await answer(fake, fake.slashCommand('foryou'));
    expect(picks.ephemeral).toBe(true);
    expect(picks.data.embeds![0]!.title).toBe('For you: papers like the ones you saved and reacted to');
    const bib = await answer(fake, fake.slashCommand('saved bib'));
    expect(bib.ephemeral).toBe(true);
    const count = (await store.listSaves(`discord:100000000000000005`)).length;
    // Over Discord's 4096 characters of an embed: an attachment holding every entry.
    expect(count).toBeGreaterThan(15);
    const attached = bib.data.files?.[0];
    expect(attached?.name).toBe('reading-list.bib');
    expect(attached!.content.match(/@misc\{/g)!.length).toBe(count);
    expect(bib.data.content).toContain('attached as reading-list.bib');
  });
});
