import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaperBot, type PaperBot } from '../../src/commands/answer.js';
import type { CommandContext } from '../../src/commands/command-module.js';
import type { Reply } from '../../src/commands/reply.js';
import { PERSONAL_IN_CHANNEL } from '../../src/conversation/handle.js';
import { replyActions } from '../../src/conversation/actions.js';
import { createLogger } from '../../src/ops/logger.js';
import { createForYouJob } from '../../src/posts/foryou-job.js';
import { runWeeklyTick } from '../../src/posts/weekly-job.js';
import type { Store } from '../../src/store/store.js';
import { recordingAdapter } from '../helpers/recording-adapter.js';
import { sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

// The team's signal in the core: saves, votes, top, foryou at 0, 1, 3 and 20
// signals, forget me, subscribe weekly team, and the daily for-you post.

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);
const NOW = new Date('2026-04-24T12:00:00Z');
const ask = (channel = 'slack:C1', user = 'U1'): CommandContext => ({ channel, user, team: 'T1' });

function setup(store: Store = openStore()) {
  const library = sampleLibrary();
  const bot = createPaperBot(library, { store, now: () => NOW, rng: () => 0 });
  return { store, library, bot };
}

const ids = (reply: Reply) => replyActions(reply).papers.map((p) => p.paper.id);

async function saveAll(bot: PaperBot, query: string, ns: number[], context = ask()) {
  await bot.answer(query, context);
  for (const n of ns) expect((await bot.answer(`save ${n}`, context)).kind).toBe('info');
}

describe('saves and the reading list', () => {
  it('saves by result number, paper id or arXiv id, lists newest first, and unsaves by number, id or all', async () => {
    const { bot, store } = setup();
    const results = await bot.answer('sparse autoencoders', ask());
    const [first, second] = ids(results);
    expect(await bot.answer('save 1', ask())).toMatchObject({ kind: 'info', title: expect.stringContaining('Saved “'), personal: true });
    expect(await bot.answer('save 1', ask())).toMatchObject({ title: expect.stringContaining('already on your reading list') });
    await bot.answer(`save ${second}`, ask());
    const list = await bot.answer('saved', ask());
    expect(list).toMatchObject({ kind: 'saved', total: 2, page: 1, pageCount: 1 });
    expect(ids(list)).toEqual([second, first].filter((id, i) => i === 0 || id !== second));
    // "unsave 1" means paper 1 of the reading list: the newest save.
    expect((await bot.answer('unsave 1', ask())).kind).toBe('info');
    expect((await store.listSaves('slack:U1')).length).toBe(1);
    expect(await bot.answer('unsave all', ask())).toMatchObject({ title: 'Removed all 1 paper from your reading list.' });
    expect(await bot.answer('saved', ask())).toMatchObject({ kind: 'info', title: 'Your reading list is empty.' });
    expect(await bot.answer('save', ask())).toMatchObject({ kind: 'error', message: expect.stringContaining('/paper save <result N') });
    expect(await bot.answer('saved sideways', ask())).toMatchObject({ kind: 'error', message: expect.stringContaining('/paper saved [page]') });
  });

  it('refuses a save or unsave that names no single paper with the usage line, saving and removing nothing', async () => {
    const { bot, store } = setup();
    await saveAll(bot, 'sparse autoencoders', [1]);
    const before = await store.listSaves('slack:U1');
    // These used to save (or remove) the best match of their words in the whole library.
    for (const text of ['save 1 2', 'save 1,3', 'save sparse autoencoders']) {
      expect(await bot.answer(text, ask()), text).toMatchObject({ kind: 'error', message: expect.stringContaining('Usage: /paper save <result N | paper id | arXiv id>, one paper at a time') });
    }
    for (const [text, n] of [['save 100', '100'], ['save -3', '-3']]) {
      expect(await bot.answer(text!, ask()), text).toMatchObject({ kind: 'error', message: `There is no result ${n}: your last list here showed papers 1 to 5; pick one of those, or give a paper id or an arXiv id.` });
    }
    for (const text of ['unsave 1 2', 'unsave 1,3', 'unsave sparse autoencoders']) {
      expect(await bot.answer(text, ask()), text).toMatchObject({ kind: 'error', message: expect.stringContaining('Usage: /paper unsave <result N | paper id | all>') });
    }
    expect(await store.listSaves('slack:U1')).toEqual(before);
  });

  it('reads a number in unsave as /paper saved numbers the list (newest first, across its pages), whatever was shown last', async () => {
    const { bot, store, library } = setup();
    await saveAll(bot, 'sparse autoencoders', [1, 2, 3, 4, 5]);
    await saveAll(bot, 'quantization', [1, 2]);
    const newestFirst = (await store.listSaves('slack:U1')).map((s) => s.paperId);
    const title = (id: string) => library.get(id)!.title;
    // The last list shown is a search, not the reading list: its result 1 is not what "unsave 1" means.
    const search = ids(await bot.answer('sparse autoencoders', ask()));
    expect(search[0]).not.toBe(newestFirst[0]);
    expect(await bot.answer('unsave 1', ask())).toMatchObject({ kind: 'info', title: `Removed “${title(newestFirst[0]!)}” from your reading list.` });
    // Paper 6 is on the reading list's second page, never shown here.
    expect(await bot.answer('unsave #6', ask())).toMatchObject({ kind: 'info', title: `Removed “${title(newestFirst[6]!)}” from your reading list.` });
    expect((await store.listSaves('slack:U1')).map((s) => s.paperId)).toEqual([...newestFirst.slice(1, 6)]);
    for (const text of ['unsave 9', 'unsave result 9', 'unsave 0', 'unsave -1']) {
      expect(await bot.answer(text, ask()), text).toMatchObject({ kind: 'error', message: expect.stringMatching(/^Your reading list has no paper -?\d: \/paper saved numbers its papers 1 to 5, newest first\.$/) });
    }
    await bot.answer('unsave all', ask());
    expect(await bot.answer('unsave 1', ask())).toMatchObject({ kind: 'error', message: 'Your reading list is empty: there is nothing to unsave.' });
  });

  it('pages the reading list through the page action, for the asker only', async () => {
    const { bot } = setup();
    await saveAll(bot, 'sparse autoencoders', [1, 2, 3, 4, 5]);
    await saveAll(bot, 'quantization', [1, 2]);
    const first = await bot.handle({ kind: 'command', text: 'saved', context: ask(), shareResults: true });
    expect(first.visibility).toBe('asker');
    const paging = replyActions(first.reply).paging!;
    expect([paging.query, paging.next.id]).toEqual(['saved', 'page:2']);
    const second = await bot.handle({ kind: 'action', id: paging.next.id, query: paging.query, context: ask(), shareResults: true });
    expect(second).toMatchObject({ placement: 'replace', visibility: 'asker', reply: { kind: 'saved', page: 2 } });
    expect(replyActions(second.reply).papers[0]!.n).toBe(6);
  });

  it('saves from the Save action, and the BibTeX of the whole list is one cite entry per paper', async () => {
    const { bot } = setup();
    const results = await bot.answer('sparse autoencoders', ask());
    const save = replyActions(results).papers[0]!.actions.find((a) => a.kind === 'save')!;
    expect(save.id).toMatch(/^save:[0-9a-f]{12}$/);
    expect(await bot.handle({ kind: 'action', id: save.id, context: ask(), shareResults: true })).toMatchObject({ visibility: 'asker', reply: { kind: 'info' } });
    await bot.answer('save 2', ask());
    const bib = await bot.answer('saved bib', ask());
    const cite = await bot.answer('cite 2', ask());
    expect(bib).toMatchObject({ kind: 'bibtex', count: 2, filename: 'reading-list.bib' });
    expect((bib as { bibtex: string }).bibtex).toContain((cite as { bibtex: string }).bibtex);
  });

  it('never shows a reading list or picks for one reader in a channel through a mention', async () => {
    const { bot } = setup();
    await saveAll(bot, 'sparse autoencoders', [1]);
    for (const text of ['saved', 'saved bib', 'foryou']) {
      expect(await bot.handle({ kind: 'mention', text, context: ask() })).toMatchObject({ reply: { kind: 'info', title: PERSONAL_IN_CHANNEL } });
    }
    expect((await bot.handle({ kind: 'mention', text: 'saved', context: { ...ask('slack:D1'), direct: true } })).reply.kind).toBe('saved');
  });

  it('does not run a command about the asker’s own data from a mention in a channel: it would say it did nothing', async () => {
    const { bot, store } = setup();
    await saveAll(bot, 'sparse autoencoders', [1, 2]);
    for (const text of ['forget me', 'save 3', 'unsave all', 'unsave 1']) {
      expect(await bot.handle({ kind: 'mention', text, context: ask() })).toMatchObject({ reply: { kind: 'info', title: PERSONAL_IN_CHANNEL } });
    }
    expect((await store.listSaves('slack:U1')).length).toBe(2);
    // In a direct message it is the person's own conversation: it runs.
    expect((await bot.handle({ kind: 'mention', text: 'forget me', context: { ...ask('slack:D1'), direct: true } })).reply.kind).toBe('info');
    expect((await store.listSaves('slack:U1')).length).toBe(0);
  });

  it('expects a personal command’s answer to be private before it is ready, whatever the channel shares', () => {
    const { bot } = setup();
    const command = (text: string) => ({ kind: 'command' as const, text, context: ask(), shareResults: true });
    expect(['saved', 'saved bib', 'foryou', 'save 1', 'forget me'].map((t) => bot.visibilityAhead(command(t)))).toEqual(['asker', 'asker', 'asker', 'asker', 'asker']);
    expect(bot.visibilityAhead(command('sparse autoencoders'))).toBe('public');
    expect(bot.visibilityAhead({ ...command('sparse autoencoders'), shareResults: false })).toBe('asker');
  });
});

describe('votes and the team top', () => {
  const reaction = (user: string, emoji: string, papers: string[], added = true, message = 'C1/1.0') => ({ kind: 'reaction' as const, added, emoji, message, papers, context: ask('slack:C1', user) });

  it('counts each person once per paper, only voting emoji, only single-paper messages; ranks ties by upvotes; names nobody', async () => {
    const { bot, library } = setup();
    const [a, b, c] = ids(await bot.answer('sparse autoencoders', ask()));
    expect((await bot.handle(reaction('U1', '+1', [a!]))).reply).toMatchObject({ title: 'Vote counted.' });
    expect((await bot.handle(reaction('U1', '+1', [a!]))).reply).toMatchObject({ title: 'Vote already counted.' });
    await bot.handle(reaction('U1', 'star', [a!]));
    await bot.handle(reaction('U2', 'heart', [a!], true, 'C1/2.0'));
    expect((await bot.handle(reaction('U3', 'eyes', [b!]))).reply).toMatchObject({ title: 'Not a vote: that emoji does not count.' });
    expect((await bot.handle(reaction('U3', 'fire', [b!, c!]))).reply).toMatchObject({ title: 'Not a vote: the message shows 2 papers.' });
    await bot.handle(reaction('U3', 'fire', [b!]));
    await bot.answer(`save ${c}`, ask('slack:C1', 'U4'));
    const top = await bot.answer('top', ask('slack:C9', 'U9'));
    expect(top).toMatchObject({ kind: 'list', title: "The team's top papers, the last 7 days" });
    const hits = (top as { hits: { id: string; note?: string; upvotes?: number }[] }).hits;
    expect(hits[0]).toMatchObject({ id: a, note: '2 saves and reactions' });
    const tied = [b!, c!].sort((x, y) => (library.get(y)!.upvotes ?? 0) - (library.get(x)!.upvotes ?? 0) || x.localeCompare(y));
    expect(hits.slice(1).map((h) => h.id)).toEqual(tied);
    expect(JSON.stringify(top)).not.toMatch(/U1|U2|U3|U4/);
    // Another workspace sees none of it.
    expect(await bot.answer('top', { channel: 'slack:C5', user: 'U5', team: 'T2' })).toMatchObject({ kind: 'info', title: 'No saves or reactions here in the last 7 days yet.' });
    await bot.handle(reaction('U2', 'heart', [a!], false, 'C1/2.0'));
    const after = (await bot.answer('top all', ask())) as { hits: { id: string; note?: string }[] };
    expect(after.hits).toHaveLength(3);
    expect(after.hits.find((h) => h.id === a)).toMatchObject({ note: '1 save or reaction' });
    expect(await bot.answer('top year', ask())).toMatchObject({ kind: 'error', message: expect.stringContaining('/paper top [week | month | all]') });
  });

  it('keys a vote by the reaction as the platform names it, and takes back a vote recorded under its normalized emoji', async () => {
    const { bot, store } = setup();
    const [a] = ids(await bot.answer('sparse autoencoders', ask()));
    const discord = (emoji: string, added = true, user = 'U1') => ({ kind: 'reaction' as const, added, emoji, message: 'G1/M1', papers: [a!], context: { channel: 'discord:C1', user, team: 'G1' } });
    const top = () => store.teamTop('discord:G1', 0, 10);
    expect(bot.votes('👍🏽')).toBe(true);
    expect(bot.votes('+1::skin-tone-2')).toBe(true);
    expect(bot.votes('😂')).toBe(false);
    expect((await bot.handle(discord('❤️'))).reply).toMatchObject({ title: 'Vote counted.' });
    expect((await bot.handle(discord('❤️', false))).reply).toMatchObject({ title: 'Vote removed.' });
    // A vote recorded before votes kept the reaction's own name (the heart without its variation selector, 👍 for 👍🏽).
    await store.addVote({ person: 'discord:U2', team: 'discord:G1', paperId: a!, message: 'G1/M1', emoji: '❤', votedAt: NOW.getTime() });
    await store.addVote({ person: 'discord:U3', team: 'discord:G1', paperId: a!, message: 'G1/M1', emoji: '👍', votedAt: NOW.getTime() });
    expect(await top()).toEqual([{ paperId: a, count: 2 }]);
    expect((await bot.handle(discord('❤️', false, 'U2'))).reply).toMatchObject({ title: 'Vote removed.' });
    expect((await bot.handle(discord('👍🏽', false, 'U3'))).reply).toMatchObject({ title: 'Vote removed.' });
    expect(await top()).toEqual([]);
    // Reactions cleared in bulk: one emoji's (exactly as named), or all of a message's; an emoji that does not vote touches nothing.
    for (const [user, emoji] of [['U1', '👍'], ['U1', '👍🏽'], ['U2', '⭐']]) await bot.handle(discord(emoji!, true, user));
    const cleared = (emoji?: string) => bot.handle({ kind: 'reactions-cleared', message: 'G1/M1', ...(emoji ? { emoji } : {}), context: { channel: 'discord:C1', team: 'G1' } });
    expect((await cleared('😂')).reply).toMatchObject({ title: 'Not a vote: that emoji does not count.' });
    expect(await cleared('👍')).toMatchObject({ visibility: 'asker', reply: { kind: 'info', title: 'Removed 1 vote.' } });
    expect(await top()).toEqual([{ paperId: a, count: 2 }]);
    expect((await cleared()).reply).toMatchObject({ title: 'Removed 2 votes.' });
    expect(await top()).toEqual([]);
  });

  it('posts the team top in a weekly recap subscribed with `team`', async () => {
    const { bot, store, library } = setup();
    const [a] = ids(await bot.answer('sparse autoencoders', ask()));
    await bot.answer('save 1', ask());
    const manager = { ...ask(), canManageChannel: true };
    expect(await bot.answer('subscribe weekly team fri 09:00 UTC', manager)).toMatchObject({ kind: 'info', title: expect.stringContaining("this team's most saved and reacted") });
    const adapter = recordingAdapter('slack');
    const logger = createLogger({ level: 'error', write: () => undefined });
    await runWeeklyTick({ store, library, adapters: new Map([['slack', adapter]]), logger }, new Date('2026-04-24T09:05:00Z'));
    expect(adapter.replies).toHaveLength(1);
    expect(adapter.replies[0]!.reply).toMatchObject({ kind: 'list', title: "The team's top papers, the last 7 days", hits: [{ id: a, note: '1 save or reaction' }] });
    // Without `team` again: Hugging Face's best.
    await bot.answer('subscribe weekly fri 09:00 UTC', manager);
    expect(await store.recapTeam('slack:C1')).toBeUndefined();
  });
});

describe('foryou', () => {
  it('with 0, 1 and 2 signals says how to give some and shows the week’s best it has not saved; from 3 it ranks, saying why', async () => {
    const { bot } = setup();
    const zero = await bot.answer('foryou', ask());
    expect(zero).toMatchObject({ kind: 'list', personal: true, title: "For you: the week's best, until I know what you like" });
    expect(zero.notes.join()).toContain('3 or more saves and reactions (nothing yet)');
    expect(zero.notes.join()).toContain('react to my paper posts with 👍 ⭐ 🔥 ❤️');
    await saveAll(bot, 'sparse autoencoders', [1]);
    const one = await bot.answer('foryou', ask());
    expect(one.notes.join()).toContain('(1 so far)');
    expect(ids(one)).not.toContain(ids(await bot.answer('saved', ask()))[0]);
    await saveAll(bot, 'sparse autoencoders', [2, 3]);
    const three = await bot.answer('foryou', ask());
    expect(three).toMatchObject({ kind: 'list', personal: true, title: 'For you: papers like the ones you saved and reacted to' });
    const saved = new Set(ids(await bot.answer('saved', ask())));
    expect(ids(three).length).toBeGreaterThan(0);
    expect(ids(three).length).toBeLessThanOrEqual(5);
    expect(ids(three).some((id) => saved.has(id))).toBe(false);
    for (const hit of (three as { hits: { note?: string }[] }).hits) expect(hit.note).toMatch(/^(?:like “.+”|new and popular)$/);
    expect((await bot.handle({ kind: 'command', text: 'foryou', context: ask(), shareResults: true })).visibility).toBe('asker');
  });

  it('on the console, tells how to save with the command only: it has no Save action and no reactions', async () => {
    const { bot } = setup();
    const console = { channel: 'console', user: 'console' };
    const forYou = (await bot.answer('foryou', console)).notes.join(' ');
    const top = await bot.answer('top', console);
    const saved = await bot.answer('saved', console);
    expect(forYou).toContain('Save papers you like with /paper save N after a search. Meanwhile');
    expect(top).toMatchObject({ kind: 'info', lines: ['Save papers with /paper save N after a search, and they are counted here.'] });
    expect(saved).toMatchObject({ kind: 'info', lines: ['Save a paper with /paper save N after a search (N is its result number). Only you see your list.'] });
    for (const text of [forYou, JSON.stringify(top), JSON.stringify(saved)]) expect(text).not.toMatch(/Save action|react/);
    // Elsewhere the Save action and the reactions are there to use.
    expect((await bot.answer('top', ask())) as { lines: string[] }).toMatchObject({ lines: [expect.stringContaining('(the Save action, or /paper save N after a search) or react to my paper posts with 👍')] });
    expect((await bot.answer('saved', ask())) as { lines: string[] }).toMatchObject({ lines: [expect.stringContaining('the Save action under it')] });
  });

  it('with 20 signals still never suggests a saved paper', async () => {
    const { bot, store, library } = setup();
    const all = [...new Set(library.days().flatMap((d) => library.papersOn(d).map((r) => r.paper.id)))];
    for (const [i, paperId] of all.slice(0, 20).entries()) await store.addSave({ person: 'slack:U1', team: 'slack:T1', paperId, savedAt: i });
    const picks = await bot.answer('foryou', ask());
    expect(ids(picks).filter((id) => all.slice(0, 20).includes(id))).toEqual([]);
  });
});

describe('forget me', () => {
  it('deletes every save, vote, for-you subscription and own follow of the asker, and says how many', async () => {
    const { bot, store } = setup();
    await saveAll(bot, 'sparse autoencoders', [1, 2]);
    const [a] = ids(await bot.answer('sparse autoencoders', ask()));
    await bot.handle({ kind: 'reaction', added: true, emoji: '👍', message: 'C1/1', papers: [a!], context: ask() });
    const dm = { channel: 'slack:D1', user: 'U1', direct: true };
    expect(await bot.answer('subscribe foryou 08:30 Europe/Paris', dm)).toMatchObject({ kind: 'info', title: 'Subscribed: every day at 08:30 Europe/Paris I send you the three best new papers for you.' });
    await bot.answer('follow diffusion', dm);
    await saveAll(bot, 'sparse autoencoders', [1], ask('slack:C1', 'U2'));
    const forgot = await bot.answer('forget me', ask());
    expect(forgot).toMatchObject({ kind: 'info', title: 'Forgotten: I deleted 5 rows about you.', lines: ['2 saved papers', '1 reaction', '1 daily for-you subscription', '1 followed topic'] });
    expect(await bot.answer('forget me', ask())).toMatchObject({ title: 'I keep nothing about you: there was nothing to delete.' });
    expect((await store.listSaves('slack:U2')).length).toBe(1);
  });

  it('lists the asker\'s for-you subscription in a DM (not in a channel), and unsubscribe foryou stops it', async () => {
    const { bot, store } = setup();
    const dm = { channel: 'slack:D1', user: 'U1', direct: true };
    expect(await bot.answer('subscriptions', dm)).toMatchObject({ kind: 'info', lines: [expect.stringContaining('No daily papers for you: /paper subscribe foryou')] });
    await bot.answer('subscribe foryou 08:30 Europe/Paris', dm);
    expect(await bot.answer('subscribe 09:00', { ...ask(), canManageChannel: true })).toMatchObject({ kind: 'info' });
    const listed = await bot.answer('subscriptions', dm);
    expect(listed).toMatchObject({ kind: 'info', personal: true });
    expect(listed.kind === 'info' && listed.lines[0]).toBe('Daily paper (1):');
    expect(listed.kind === 'info' && listed.lines.at(-1)).toBe('Your papers for you (only you see them): every day at 08:30 Europe/Paris. /paper unsubscribe foryou stops them.');
    // In a channel: the channels' subscriptions only, nothing of the asker's own.
    const inChannel = await bot.answer('subscriptions', ask());
    expect(JSON.stringify(inChannel)).not.toContain('for you');
    // Another person's DM does not see it.
    expect(JSON.stringify(await bot.answer('subscriptions', { channel: 'slack:D2', user: 'U2', direct: true }))).not.toContain('08:30 Europe/Paris');
    expect(await bot.answer('unsubscribe foryou', dm)).toMatchObject({ kind: 'info', title: 'Stopped your daily papers for you.' });
    expect(await store.listForYou()).toEqual([]);
    // The channel's daily paper is untouched by it.
    expect(await store.listSubscriptions()).toHaveLength(1);
    expect(JSON.stringify(await bot.answer('subscriptions', dm))).toContain('No daily papers for you');
    expect(await bot.answer('unsubscribe foryou', dm)).toMatchObject({ title: 'You had no daily papers for you.' });
  });

  it('asks for a DM before a for-you subscription', async () => {
    const { bot } = setup();
    expect(await bot.answer('subscribe foryou', ask())).toMatchObject({ kind: 'error', message: expect.stringContaining('direct message') });
    expect(await bot.answer('subscribe foryou 25:00', { channel: 'slack:D1', user: 'U1', direct: true })).toMatchObject({ kind: 'error' });
  });
});

describe('the daily for-you post', () => {
  it('sends the three best new papers by DM once a local day, not twice across a restart, and retries a failure', async () => {
    const file = join(tmp(), 'paperbot.db');
    const first = setup(openStore(file));
    await saveAll(first.bot, 'sparse autoencoders', [1, 2, 3]);
    await first.bot.answer('subscribe foryou 08:00 UTC', { channel: 'slack:D1', user: 'U1', direct: true });
    const adapter = recordingAdapter('slack');
    const logger = createLogger({ level: 'error', write: () => undefined });
    const job = (store: Store, library = first.library) => createForYouJob({ store, library, now: () => NOW, adapters: new Map([['slack', adapter]]), logger });
    const one = job(first.store);
    expect(await one.tick(new Date('2026-04-24T07:59:00Z'))).toEqual({ posted: 0, failed: 0 });
    expect(await one.tick(new Date('2026-04-24T08:00:00Z'))).toEqual({ posted: 1, failed: 0 });
    expect(await one.tick(new Date('2026-04-24T08:01:00Z'))).toEqual({ posted: 0, failed: 0 });
    expect(adapter.replies).toHaveLength(1);
    expect(adapter.replies[0]).toMatchObject({ target: { id: 'U1', person: true }, reply: { kind: 'list', personal: true, title: 'Your papers for today' } });
    expect((adapter.replies[0]!.reply as { hits: unknown[] }).hits.length).toBeLessThanOrEqual(3);
    // A restart: a new process over the same file sends nothing more that day.
    await first.store.close();
    const second = setup(openStore(file));
    const two = job(second.store);
    expect(await two.tick(new Date('2026-04-24T20:00:00Z'))).toEqual({ posted: 0, failed: 0 });
    // The next day fails once, and is retried after the delay.
    adapter.failWith('socket hang up');
    expect(await two.tick(new Date('2026-04-25T08:00:00Z'))).toEqual({ posted: 0, failed: 1 });
    adapter.failWith(undefined);
    expect(await two.tick(new Date('2026-04-25T08:05:00Z'))).toEqual({ posted: 0, failed: 0 });
    expect(await two.tick(new Date('2026-04-25T08:16:00Z'))).toEqual({ posted: 1, failed: 0 });
    expect(adapter.replies).toHaveLength(2);
    expect(ids(adapter.replies[1]!.reply)[0]).not.toBe(ids(adapter.replies[0]!.reply)[0]);
  });

  it('stops the subscription of a reader who can no longer be reached', async () => {
    const { bot, store, library } = setup();
    await bot.answer('subscribe foryou 08:00 UTC', { channel: 'slack:D1', user: 'U1', direct: true });
    const adapter = recordingAdapter('slack');
    adapter.failWith('gone');
    const job = createForYouJob({ store, library, now: () => NOW, adapters: new Map([['slack', adapter]]), logger: createLogger({ level: 'error', write: () => undefined }) });
    expect(await job.tick(new Date('2026-04-24T08:00:00Z'))).toEqual({ posted: 0, failed: 1 });
    expect(await store.listForYou()).toEqual([]);
  });
});
