import { describe, expect, it } from 'vitest';
import { RecipientGoneError } from '../../src/adapter.js';
import { FakeSlack, buttonClick, menuChoice, mentionEvent, sendSigned, slashCommandFields, BOT_USER_ID } from './fake-slack.js';
import { HOSTILE_ABSTRACT, SIGNING_SECRET, useSlack, type Harness } from './slack-harness.js';
import { paperId } from '../../src/library/paper.js';

const slack = useSlack();
const FORM = 'application/x-www-form-urlencoded';

async function slash(h: Harness, text: string, opts: { user?: string; timestamp?: number; signature?: string } = {}) {
  const responseUrl = h.fake.responseUrl();
  const body = new URLSearchParams(slashCommandFields(text, responseUrl, opts.user)).toString();
  const res = await sendSigned(h.appUrl, body, { secret: SIGNING_SECRET, contentType: FORM, ...opts });
  return { ...res, responseUrl };
}

async function click(h: Harness, payload: Record<string, unknown>) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendSigned(h.appUrl, body, { secret: SIGNING_SECRET, contentType: FORM });
}

async function event(h: Harness, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return sendSigned(h.appUrl, JSON.stringify(payload), { secret: SIGNING_SECRET, contentType: 'application/json', headers });
}

/** The response the app sent to a response_url. */
function responseTo(fake: FakeSlack, url: string) {
  return fake.until(() => fake.responses.find((r) => url.endsWith(r.path))?.body);
}

type Block = {
  type: string;
  text?: { text: string };
  accessory?: { type: string; action_id: string; value?: string; options?: { text: { text: string }; value: string }[] };
  elements?: { action_id?: string; value?: string; text?: string }[];
};

/** The paper id behind the first result's menu of a message (its options carry `abs:<id>`, ...). */
const firstPaperId = (blocks: Block[]) => blocks.find((b) => b.accessory?.type === 'overflow')!.accessory!.options![0]!.value.slice('abs:'.length);
/** The result number of the hostile paper in a results message. */
const hostileN = (blocks: Block[]) => blocks.find((b) => b.type === 'section' && b.text!.text.includes('Hostile'))!.accessory!.action_id.slice('paper_'.length);
/** Every button and menu a person can use in a message. */
const interactive = (blocks: Block[]) => [...blocks.flatMap((b) => (b.accessory?.type === 'overflow' ? [b.accessory] : [])), ...blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id !== undefined)];

describe('Slack in HTTP mode, against a fake Slack', () => {
  it('answers /paper in the channel with results, a menu per result and More results: at most 7 interactive elements', async () => {
    const h = await slack();
    const { status, responseUrl } = await slash(h, 'sparse autoencoders');
    expect(status).toBe(200);
    const body = await responseTo(h.fake, responseUrl);
    expect(body.response_type).toBe('in_channel');
    const blocks = body.blocks as Block[];
    const hits = blocks.filter((b) => b.type === 'section');
    expect(hits).toHaveLength(5);
    expect(hits[0]!.text!.text).toContain('Sparse Autoencoders');
    expect(hits[0]!.text!.text).toMatch(/Apr 21, 2026 · #\d+ trending/);
    // Each result carries one overflow menu, numbered like the result: Abstract, Cite, Related and Watch, with the core's action ids.
    const menus = hits.map((b) => b.accessory!);
    expect(menus.map((m) => [m.type, m.action_id])).toEqual([1, 2, 3, 4, 5].map((n) => ['overflow', `paper_${n}`]));
    // Five options, Slack's most for an overflow menu.
    expect(menus.every((m) => m.options!.map((o) => o.text.text).join() === 'Abstract,Save,Cite,Related,Watch')).toBe(true);
    expect(menus.every((m) => /^abs:[0-9a-f]{12},save:[0-9a-f]{12},cite:[0-9a-f]{12},rel:[0-9a-f]{12},watch:[0-9a-f]{12}$/.test(m.options!.map((o) => o.value).join()))).toBe(true);
    expect(interactive(blocks).length).toBeLessThanOrEqual(7);
    const more = blocks.filter((b) => b.type === 'actions').at(-1)!.elements![0]!;
    expect(more).toMatchObject({ action_id: 'more_results', value: JSON.stringify({ q: 'sparse autoencoders', p: 2 }) });
    expect(String(body.text)).toContain('Results for "sparse autoencoders"');
    expect(h.contexts[0]).toEqual({ channel: 'slack:CRESULTS', user: 'U0USER01', canManageChannel: false, direct: false, team: 'T0FAKE' });
  });

  it('tells the clicker to invite it when Slack refuses the thread, and posts the abstract when asked again', async () => {
    const h = await slack();
    await responseTo(h.fake, (await slash(h, 'sparse autoencoders')).responseUrl);
    const message = h.fake.messages[0]!;
    const id = firstPaperId(message.blocks as Block[]);
    h.fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const refused = h.fake.responseUrl();
    await click(h, menuChoice({ actionId: 'paper_1', value: `abs:${id}`, message, responseUrl: refused }));
    expect(await responseTo(h.fake, refused)).toMatchObject({ response_type: 'ephemeral', text: 'I am not in this channel, so I cannot reply in its threads. Invite me with `/invite @paperbot` and try again.' });
    expect(h.logs.join('\n')).toContain('slack: the paper_1 action failed: channel_not_found');
    // Nothing was posted, so the core freed its claim: asking again posts the abstract.
    await click(h, menuChoice({ actionId: 'paper_1', value: `abs:${id}`, message, responseUrl: h.fake.responseUrl() }));
    const posted = await h.fake.until(() => h.fake.messages.find((m) => m.thread_ts === message.ts));
    expect(JSON.stringify(posted.blocks)).toContain('Abstract: ');
  });

  it('still answers the buttons of messages posted before the menus (abstract_0, cite_0 with the paper id)', async () => {
    const h = await slack();
    await responseTo(h.fake, (await slash(h, 'sparse autoencoders')).responseUrl);
    const message = h.fake.messages[0]!;
    const id = firstPaperId(message.blocks as Block[]);
    const responseUrl = h.fake.responseUrl();
    await click(h, buttonClick({ actionId: 'cite_0', value: id, message, responseUrl }));
    expect(JSON.stringify((await responseTo(h.fake, responseUrl)).blocks)).toContain('@misc{');
    await click(h, buttonClick({ actionId: 'abstract_0', value: id, message, responseUrl: h.fake.responseUrl() }));
    const reply = await h.fake.until(() => h.fake.callsOf('chat.postMessage')[0]);
    expect(reply.args).toMatchObject({ channel: 'CRESULTS', thread_ts: message.ts });
  });

  it('does not answer a retried event twice', async () => {
    const h = await slack();
    const payload = mentionEvent({ text: `<@${BOT_USER_ID}> mixup`, ts: '1700000001.000100', eventId: 'EvRetry' });
    expect((await event(h, payload)).status).toBe(200);
    expect((await event(h, payload, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    await h.fake.until(() => h.fake.callsOf('chat.postMessage')[0]);
    // A later, different event is answered, so the retry has been processed by then.
    await event(h, mentionEvent({ text: `<@${BOT_USER_ID}> quantiz`, ts: '1700000002.000100', eventId: 'EvNext' }));
    await h.fake.until(() => h.fake.callsOf('chat.postMessage')[1]);
    expect(h.fake.callsOf('chat.postMessage').map((c) => JSON.stringify(c.args.blocks).includes('Mixup'))).toEqual([true, false]);
  });

  it('escapes hostile digest text and splits a 5000-character abstract across sections', async () => {
    const h = await slack();
    const body = await responseTo(h.fake, (await slash(h, 'hostile attack')).responseUrl);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt; &lt;@U123&gt; &amp;');
    expect(String(body.text)).not.toContain('<!channel>');
    const message = h.fake.messages[0]!;
    const blocks = message.blocks as Block[];
    const id = firstPaperId(blocks.slice(blocks.findIndex((b) => b.type === 'section' && b.text!.text.includes('Hostile'))));
    await click(h, menuChoice({ actionId: `paper_${hostileN(blocks)}`, value: `abs:${id}`, message, responseUrl: h.fake.responseUrl() }));
    const post = await h.fake.until(() => h.fake.callsOf('chat.postMessage')[0]);
    const sections = (post.args.blocks as Block[]).map((b) => b.text!.text);
    expect(HOSTILE_ABSTRACT.length).toBeGreaterThan(5000);
    expect(sections.length).toBeGreaterThanOrEqual(3);
    expect(sections.every((s) => s.length <= 3000)).toBe(true);
    expect(sections.join(' ')).not.toMatch(/<!here>|<@U999>/);
    // Nothing was dropped: every word of the abstract is there, escaped.
    expect(sections.slice(1).join(' ').replace(/\u200b/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(HOSTILE_ABSTRACT);
    expect(id).toBe(paperId('Hostile <!channel> <@U123> & *bold* <https://evil.example|click> Attack'));
  });

  it('rejects unsigned, badly signed and stale requests', async () => {
    const h = await slack();
    expect((await slash(h, 'mixup', { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await slash(h, 'mixup', { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    const unsigned = await fetch(h.appUrl, { method: 'POST', headers: { 'content-type': FORM }, body: 'text=mixup', signal: AbortSignal.timeout(5000) });
    expect(unsigned.status).toBe(401);
    expect(h.fake.responses).toEqual([]);
  });

  it('tells workspace admins and listed managers they may manage the channel', async () => {
    const h = await slack({ managers: ['U0MANAGER'] });
    h.fake.admins.add('U0ADMIN1');
    await responseTo(h.fake, (await slash(h, 'help', { user: 'U0ADMIN1' })).responseUrl);
    await responseTo(h.fake, (await slash(h, 'help', { user: 'U0MANAGER' })).responseUrl);
    expect(h.contexts.map((c) => c?.canManageChannel)).toEqual([true, true]);
  });
});

describe('posting a paper (the daily post)', () => {
  const view = async (h: Harness) => {
    const { createPaperBot } = await import('../../src/commands/answer.js');
    const { sampleLibrary } = await import('../helpers/sample.js');
    const library = sampleLibrary();
    return (await createPaperBot(library).view(library.today(1)!.papers[0]!.paper.id))!;
  };

  it('posts the message, then the abstract as a thread reply', async () => {
    const h = await slack();
    const posted = await h.adapter.postPaper('CDAILY', await view(h));
    const [top, thread] = h.fake.callsOf('chat.postMessage');
    expect(top!.args).toMatchObject({ channel: 'CDAILY' });
    expect(top!.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(top!.args.blocks)).toContain('arxiv.org/search');
    expect(thread!.args).toMatchObject({ channel: 'CDAILY', thread_ts: posted.messageId });
    expect(posted).toEqual({ channel: 'CDAILY', messageId: posted.messageId, threadId: posted.messageId });
  });

  it('waits out a 429 (Retry-After) and a 503, posting each message once', async () => {
    const h = await slack();
    h.fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '0' } }, { status: 503, body: { ok: false } });
    await h.adapter.postPaper('CDAILY', await view(h));
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(4);
    expect(h.fake.messages.filter((m) => m.channel === 'CDAILY')).toHaveLength(2);
  });

  it('joins a public channel on not_in_channel, and explains when it cannot', async () => {
    const h = await slack();
    h.fake.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await h.adapter.postPaper('CPUBLIC', await view(h));
    expect(h.fake.callsOf('conversations.join')[0]!.args).toMatchObject({ channel: 'CPUBLIC' });
    expect(h.fake.messages.filter((m) => m.channel === 'CPUBLIC')).toHaveLength(2);

    h.fake.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    h.fake.script('conversations.join', { body: { ok: false, error: 'method_not_supported_for_channel_type' } });
    await expect(h.adapter.postPaper('GPRIVATE', await view(h))).rejects.toThrow(/not_in_channel/);
    expect(h.logs.join('\n')).toContain('paperbot is not in channel GPRIVATE and cannot join it');
    expect(h.logs.join('\n')).not.toContain('xoxb-test-token');
  });

  it('posts a follow alert to a channel, and to a person as a direct message (the user id as channel)', async () => {
    const h = await slack();
    const { createPaperBot } = await import('../../src/commands/answer.js');
    const { sampleLibrary } = await import('../helpers/sample.js');
    const library = sampleLibrary();
    const view = (await createPaperBot(library).view(library.today(1)!.papers[0]!.paper.id))!;
    const alert = { kind: 'list' as const, title: 'New papers for “sparse autoencoders”', hits: [view], notes: [] };
    await h.adapter.post({ id: 'CALERTS', person: false }, alert);
    await h.adapter.post({ id: 'U0USER01', person: true }, alert);
    expect(h.fake.callsOf('chat.postMessage').map((c) => c.args.channel)).toEqual(['CALERTS', 'U0USER01']);
    h.fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await expect(h.adapter.post({ id: 'CGONE', person: false }, alert)).rejects.toBeInstanceOf(RecipientGoneError);
  });
});
