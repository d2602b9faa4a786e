import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { BOT_USER_ID, FakeSlack, mentionEvent, menuChoice, reactionEvent, sendSigned, slashCommandFields, type FakeMessage } from './fake-slack.js';
import { SIGNING_SECRET, useSlack, type Harness } from './slack-harness.js';

// The team's signal on Slack, through the real Bolt app and a fake Slack:
// Save in a result's overflow menu, reactions on paperbot's messages as votes
// (once per person and paper, removed with the reaction), the team's top, and
// the reader's own answers (foryou, saved bib) only for them.

const slack = useSlack();
const tmp = useTmpDir();
const stores = useSqliteStores(tmp);
const FORM = 'application/x-www-form-urlencoded';

async function slash(h: Harness, text: string, user?: string) {
  const responseUrl = h.fake.responseUrl();
  await sendSigned(h.appUrl, new URLSearchParams(slashCommandFields(text, responseUrl, user)).toString(), { secret: SIGNING_SECRET, contentType: FORM });
  return { body: await responseTo(h.fake, responseUrl), responseUrl };
}

function responseTo(fake: FakeSlack, url: string) {
  return fake.until(() => fake.responses.find((r) => url.endsWith(r.path))?.body);
}

async function react(h: Harness, opts: Parameters<typeof reactionEvent>[0]) {
  const res = await sendSigned(h.appUrl, JSON.stringify(reactionEvent(opts)), { secret: SIGNING_SECRET, contentType: 'application/json' });
  expect(res.status).toBe(200);
}

/** Polls an async check until it holds (bounded). */
async function eventually<T>(check: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Block = { type: string; text?: { text: string }; accessory?: { type: string; action_id: string; options?: { text: { text: string }; value: string }[] }; elements?: { action_id?: string; value?: string }[] };
const blocksOf = (body: Record<string, unknown>) => body.blocks as Block[];
const text = (body: Record<string, unknown>) => JSON.stringify(body.blocks);
const lastMessage = (fake: FakeSlack): FakeMessage => fake.messages.at(-1)!;

/** What the adapter made of each reaction so far, in order (its debug lines: "Vote counted.", "Not a vote: …"). */
function outcomes(h: Harness): string[] {
  return h.logs.flatMap((l) => /slack: a reaction on \S+: (.*)$/.exec(l)?.[1] ?? []);
}

/** The first paper of a search, by id. */
async function firstPaper(h: Harness): Promise<string> {
  return blocksOf((await slash(h, 'sparse autoencoders')).body).find((b) => b.accessory?.type === 'overflow')!.accessory!.options![0]!.value.slice('abs:'.length);
}

describe('the team signal on Slack', () => {
  it('saves from a result menu, lists the reading list only to its owner, and pages it', async () => {
    const store = stores();
    const h = await slack({}, undefined, { bot: { store } });
    const results = await slash(h, 'sparse autoencoders');
    const menus = blocksOf(results.body).filter((b) => b.accessory?.type === 'overflow');
    // Five results: five menus, each with Save, plus More: still at most 7 elements.
    expect(menus.map((m) => m.accessory!.options!.map((o) => o.text.text).join())).toEqual(Array(5).fill('Abstract,Save,Cite,Related,Watch'));
    const save = menus[1]!.accessory!.options!.find((o) => o.value.startsWith('save:'))!.value;
    const responseUrl = h.fake.responseUrl();
    const click = menuChoice({ actionId: menus[1]!.accessory!.action_id, value: save, message: lastMessage(h.fake), responseUrl });
    await sendSigned(h.appUrl, new URLSearchParams({ payload: JSON.stringify(click) }).toString(), { secret: SIGNING_SECRET, contentType: FORM });
    const saved = await responseTo(h.fake, responseUrl);
    expect(saved).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(text(saved)).toContain('to your reading list');
    expect((await store.listSaves('slack:U0USER01')).map((s) => s.paperId)).toEqual([save.slice('save:'.length)]);

    for (const n of [1, 3, 4, 5, 6]) await slash(h, n === 6 ? 'more' : `save ${n}`);
    await slash(h, 'save 6');
    const list = await slash(h, 'saved');
    expect(list.body.response_type).toBe('ephemeral');
    expect(text(list.body)).toContain('Your reading list: 6 papers');
    const more = blocksOf(list.body).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'more_results')!;
    expect(more.value).toBe(JSON.stringify({ q: 'saved', p: 2 }));
    // Another person's list is their own (empty).
    expect(text((await slash(h, 'saved', 'U0OTHER1')).body)).toContain('Your reading list is empty');
  });

  it('counts a reaction on a single-paper message once per person and paper, and removes it with the reaction', async () => {
    const store = stores();
    const h = await slack({}, undefined, { bot: { store } });
    await slash(h, 'sparse autoencoders');
    const paperId = blocksOf((await slash(h, 'sparse autoencoders')).body).find((b) => b.accessory?.type === 'overflow')!.accessory!.options![0]!.value.slice(4);
    await slash(h, `show ${paperId}`);
    const post = lastMessage(h.fake);
    expect(JSON.stringify(post.blocks)).toContain(`save:${paperId}`);
    await react(h, { added: true, reaction: '+1', message: post, eventId: 'Ev1' });
    await react(h, { added: true, reaction: '+1', message: post, eventId: 'Ev1' }); // Slack's retry
    await react(h, { added: true, reaction: 'thumbsup::skin-tone-3', message: post, eventId: 'Ev2' });
    await react(h, { added: true, reaction: 'star', message: post, user: 'U0OTHER1', eventId: 'Ev3' });
    await react(h, { added: true, reaction: 'eyes', message: post, user: 'U0OTHER2', eventId: 'Ev4' }); // not a voting emoji
    await react(h, { added: true, reaction: 'fire', message: post, user: 'U0OTHER3', itemUser: 'U0SOMEONE', eventId: 'Ev5' }); // not paperbot's message
    const results = h.fake.messages.find((m) => JSON.stringify(m.blocks).includes('Results for'))!;
    await react(h, { added: true, reaction: 'heart', message: results, user: 'U0OTHER4', eventId: 'Ev6' }); // five papers: not a vote
    await eventually(() => store.teamTop('slack:T0FAKE', 0, 10), (top) => top[0]?.count === 2);
    const top = await slash(h, 'top');
    expect(text(top.body)).toContain('2 saves and reactions');
    expect(text(top.body)).not.toMatch(/U0USER01|U0OTHER1/);
    expect(await store.teamTop('slack:T0FAKE', 0, 10)).toEqual([{ paperId, count: 2 }]);
    await react(h, { added: false, reaction: 'star', message: post, user: 'U0OTHER1', eventId: 'Ev7' });
    await eventually(() => store.teamTop('slack:T0FAKE', 0, 10), (t) => t[0]?.count === 1);
    expect(text((await slash(h, 'top week')).body)).toContain('1 save or reaction');
  });

  it('counts a reaction on its paper answer in a thread (every mention is answered there), read with conversations.replies', async () => {
    const store = stores();
    const h = await slack({}, undefined, { bot: { store } });
    const paperId = await firstPaper(h);
    // "@paperbot show <id>": the answer is a reply in the mention's thread, which conversations.history does not return.
    const mentionTs = h.fake.nextTs();
    const mention = mentionEvent({ text: `<@${BOT_USER_ID}> show ${paperId}`, ts: mentionTs, eventId: 'EvMention' });
    expect((await sendSigned(h.appUrl, JSON.stringify(mention), { secret: SIGNING_SECRET, contentType: 'application/json' })).status).toBe(200);
    const answer = await h.fake.until(() => h.fake.messages.find((m) => m.thread_ts === mentionTs && JSON.stringify(m.blocks).includes(`save:${paperId}`)));
    await react(h, { added: true, reaction: '+1', message: answer, eventId: 'EvT1' });
    await react(h, { added: true, reaction: 'star', message: answer, user: 'U0OTHER1', eventId: 'EvT2' });
    expect(await eventually(() => store.teamTop('slack:T0FAKE', 0, 10), (t) => t[0]?.count === 2)).toEqual([{ paperId, count: 2 }]);
    expect(h.fake.callsOf('conversations.replies').at(-1)!.args).toMatchObject({ channel: answer.channel, ts: answer.ts });
    await react(h, { added: false, reaction: '+1', message: answer, eventId: 'EvT3' });
    await eventually(() => store.teamTop('slack:T0FAKE', 0, 10), (t) => t[0]?.count === 1);
  });

  it('asks Slack nothing about a reaction whose emoji does not vote', async () => {
    const store = stores();
    const h = await slack({}, undefined, { bot: { store } });
    const paperId = await firstPaper(h);
    await slash(h, `show ${paperId}`);
    const post = lastMessage(h.fake);
    const reads = () => h.fake.callsOf('conversations.history').length + h.fake.callsOf('conversations.replies').length;
    const before = reads();
    await react(h, { added: true, reaction: 'eyes', message: post, eventId: 'EvE1' });
    await react(h, { added: true, reaction: 'joy', message: post, user: 'U0OTHER1', eventId: 'EvE2' });
    await react(h, { added: false, reaction: 'eyes', message: post, eventId: 'EvE3' });
    // Then one that votes: once it is counted, every reaction before it was handled.
    await react(h, { added: true, reaction: 'fire', message: post, user: 'U0OTHER2', eventId: 'EvE4' });
    await eventually(() => store.teamTop('slack:T0FAKE', 0, 10), (t) => t[0]?.count === 1);
    expect(reads() - before).toBe(1);
  });

  it('keeps a vote with a skin tone apart from the same emoji without: one person counts once, and removing one leaves the other', async () => {
    const store = stores();
    const h = await slack({}, undefined, { bot: { store } });
    const paperId = await firstPaper(h);
    await slash(h, `show ${paperId}`);
    const post = lastMessage(h.fake);
    const top = () => store.teamTop('slack:T0FAKE', 0, 10);
    /** Waits until the adapter has handled `n` reactions in all (its debug line says what each did). */
    const handled = (n: number) => h.fake.until(() => outcomes(h).length >= n && outcomes(h));
    await react(h, { added: true, reaction: '+1', message: post, eventId: 'EvS1' });
    await react(h, { added: true, reaction: '+1::skin-tone-4', message: post, eventId: 'EvS2' });
    // Two reactions, two rows; the paper counts this person once.
    expect(await handled(2)).toEqual(['Vote counted.', 'Vote counted.']);
    expect(await top()).toEqual([{ paperId, count: 1 }]);
    await react(h, { added: false, reaction: '+1::skin-tone-4', message: post, eventId: 'EvS3' });
    expect((await handled(3))[2]).toBe('Vote removed.');
    expect(await top()).toEqual([{ paperId, count: 1 }]);
    await react(h, { added: false, reaction: '+1', message: post, eventId: 'EvS4' });
    expect((await handled(4))[3]).toBe('Vote removed.');
    expect(await top()).toEqual([]);
  });

  it('answers foryou only to the asker, and sends a long saved bib as a file to the asker’s DM', async () => {
    const store = stores();
    const h = await slack({}, undefined, { bot: { store } });
    const few = await slash(h, 'foryou');
    expect(few.body.response_type).toBe('ephemeral');
    expect(text(few.body)).toContain('3 or more saves and reactions');
    for (const query of ['sparse autoencoders', 'quantization', 'diffusion', 'language models', 'training', 'learning']) {
      await slash(h, query);
      for (const n of [1, 2, 3, 4, 5]) await slash(h, `save ${n}`);
    }
    const picks = await slash(h, 'foryou');
    expect(picks.body.response_type).toBe('ephemeral');
    expect(text(picks.body)).toContain('For you: papers like the ones you saved');
    const bib = await slash(h, 'saved bib');
    expect(bib.body.response_type).toBe('ephemeral');
    expect(text(bib.body)).toContain('reading-list.bib');
    const file = await h.fake.until(() => h.fake.files.find((f) => f.channel));
    expect(file).toMatchObject({ filename: 'reading-list.bib', channel: 'D0USER01' });
    expect(file.content!.match(/@misc\{/g)!.length).toBe((await store.listSaves('slack:U0USER01')).length);
  });
});

export type { Store };
