import { afterEach, describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render-text.js';
import { replyActions } from '../../src/conversation/actions.js';
import { NO_PAPER_LINKS } from '../../src/conversation/handle.js';
import type { FakeHfApi } from '../huggingface/fake-hf-api.js';
import { linkBot, LIVE_DAY } from './link-bot.js';

const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

const DAY = LIVE_DAY;

async function setup(opts: { api?: boolean } = {}) {
  const { api, ...rest } = await linkBot({ paperApi: opts.api });
  fakes.push(api);
  return { ...rest, fake: api };
}

const context = { channel: 'console', user: 'me' };

describe('a paper link or arXiv id typed as the whole query', () => {
  it('shows the card of a library paper, whatever form the link takes, without asking the API', async () => {
    const { bot, fake } = await setup();
    for (const text of ['https://arxiv.org/abs/2511.04567v2', '2511.04567', 'arxiv.org/pdf/2511.04567.pdf', '<https://huggingface.co/papers/2511.04567|paper>']) {
      const reply = await bot.answer(text, context);
      expect(reply, text).toMatchObject({ kind: 'card', cards: [{ arxivId: '2511.04567', upvotes: 87, rank: 1, date: DAY, asked: text }] });
    }
    const text = renderText(await bot.answer('https://arxiv.org/abs/2511.04567', context), 100);
    expect(text).toContain('Fine-Tunable Sparse-Linear Attention for Long Video Generation');
    expect(text).toContain('#1 trending · 87 upvotes');
    expect(text).toContain('TL;DR (AI summary by Hugging Face): A sparse-linear attention');
    expect(text).toContain('GitHub: https://github.com/example/sla');
    expect(text).not.toMatch(/Results for "https/);
    expect(fake.paperRequests).toEqual([]);
  });

  it('looks a paper the library lacks up on the paper API, once; it joins the library, ranked nowhere', async () => {
    const { bot, fake, library } = await setup();
    const reply = await bot.answer('2511.09001', context);
    expect(reply).toMatchObject({ kind: 'card', cards: [{ arxivId: '2511.09001', title: 'Walrus: Wide Attention for Long Recall', upvotes: 33, date: '2026-10-02', authors: 'Ada Lovelace, Grace Hopper, Alan Turing et al.', tldr: 'Walrus recalls more.' }] });
    expect(reply.kind === 'card' && reply.cards[0]!.rank).toBeUndefined();
    expect(renderText(reply, 100)).toContain('Oct 2, 2026 · 33 upvotes');
    expect(library.getByArxiv('2511.09001')?.title).toBe('Walrus: Wide Attention for Long Recall');
    // It lists no day: today and the day's list are what the daily source said.
    expect(library.papersOn('2026-10-02')).toEqual([]);
    await bot.answer('https://huggingface.co/papers/2511.09001', context);
    expect(fake.paperRequests).toEqual(['2511.09001']);
    // The card's actions work on it like on any paper.
    expect(await bot.answer('cite 1', context)).toMatchObject({ kind: 'citation', paper: { arxivId: '2511.09001' } });
  });

  it('says so for an id no one knows, asking the API once for a while', async () => {
    const { bot, fake, logs } = await setup();
    const reply = await bot.answer('https://arxiv.org/abs/2511.00404', context);
    expect(reply).toEqual({ kind: 'error', message: 'Neither the library nor Hugging Face has a paper with arXiv id 2511.00404.', notes: [] });
    await bot.answer('2511.00404', context);
    expect(fake.paperRequests).toEqual(['2511.00404']);
    expect(logs.filter((l) => l.includes('links: no paper for 2511.00404'))).toHaveLength(2);
  });

  it('says the API cannot be asked when it fails, and warns once', async () => {
    const { bot, fake, logs } = await setup();
    fake.fail({ status: 500 }, { status: 500 });
    expect(await bot.answer('2511.09001', context)).toMatchObject({ kind: 'error', message: expect.stringContaining('Hugging Face cannot be asked right now') });
    expect(await bot.answer('2511.09001', context)).toMatchObject({ kind: 'error' });
    expect(fake.paperRequests).toHaveLength(2); // one lookup and its one retry; the second answer came from the cache
    expect(logs.filter((l) => l.includes('cannot look up arXiv 2511.09001'))).toHaveLength(1);
  });

  it('without the paper API, answers from the library alone', async () => {
    const { bot, fake } = await setup({ api: false });
    expect(await bot.answer('2511.09001', context)).toMatchObject({ kind: 'error', message: 'No paper with arXiv id 2511.09001 in the library yet.' });
    expect(await bot.answer('2511.04567', context)).toMatchObject({ kind: 'card' });
    expect(fake.paperRequests).toEqual([]);
  });
});

describe('a typed link that is no paper link', () => {
  it('says so instead of searching for "https"', async () => {
    const { bot, fake } = await setup();
    for (const text of ['https://arxiv.org/abs/nonsense', 'https://example.org/a-blog-post', 'www.example.org', 'arxiv.org/list/cs.LG/recent']) {
      const reply = await bot.answer(text, context);
      expect(reply, text).toMatchObject({ kind: 'error', message: expect.stringMatching(/^That is not a link to a paper I can read/) });
      expect(renderText(reply)).not.toContain('Results for');
    }
    expect(fake.paperRequests).toEqual([]);
  });

  it('shows the card of a link among words, or in brackets, instead of searching the words with "https"', async () => {
    const { bot } = await setup();
    for (const text of ['check out https://arxiv.org/abs/2511.04567 it is great', '(https://arxiv.org/abs/2511.04567)', 'see [arxiv.org/abs/2511.04567v2]']) {
      const reply = await bot.answer(text, context);
      expect(reply, text).toMatchObject({ kind: 'card', cards: [{ arxivId: '2511.04567' }] });
    }
    expect(await bot.answer('check out https://arxiv.org/abs/2511.04567 it is great', context)).toMatchObject({ notes: [expect.stringContaining('to search for words, type them without a link')] });
    // Words without a link are a search as ever, slashes and dots included.
    expect((await bot.answer('node.js/react', context)).kind).not.toBe('card');
  });

  it('shows the paper links among them and notes the rest', async () => {
    const { bot } = await setup();
    const reply = await bot.answer('https://arxiv.org/abs/2511.04567 https://example.org/x', context);
    expect(reply).toMatchObject({ kind: 'card', notes: [expect.stringMatching(/^One link is not to an arXiv or Hugging Face paper/)] });
  });
});

describe('show', () => {
  it('says a word is not a paper id instead of searching for "show"', async () => {
    const { bot } = await setup();
    const reply = await bot.answer('show nonsense', context);
    expect(reply).toMatchObject({ kind: 'error', message: expect.stringMatching(/^“nonsense” is not a paper id\./) });
    expect(renderText(reply)).not.toContain('Results for');
  });

  it('shows a paper by arXiv id or link, looking it up when the library lacks it', async () => {
    const { bot } = await setup();
    expect(await bot.answer('show https://arxiv.org/abs/2511.04567v2', context)).toMatchObject({ kind: 'paper', paper: { arxivId: '2511.04567' } });
    expect(await bot.answer('show 2511.09001', context)).toMatchObject({ kind: 'paper', paper: { arxivId: '2511.09001' } });
  });
});

describe('a link event', () => {
  it('answers one card per paper, each keyed by its link, for the asker; ten pastes at once make one request', async () => {
    const { bot, fake } = await setup();
    const urls = ['https://arxiv.org/abs/2511.04567v2', 'https://huggingface.co/papers/2511.09001', 'https://arxiv.org/pdf/2511.04567', 'https://example.org/not-a-paper'];
    const answers = await Promise.all(Array.from({ length: 10 }, () => bot.handle({ kind: 'link', urls, context, shareResults: true })));
    expect(fake.paperRequests).toEqual(['2511.09001']);
    const [first] = answers;
    expect(first).toMatchObject({ visibility: 'asker', placement: 'reply', reply: { kind: 'card' } });
    expect(first!.reply.kind === 'card' && first!.reply.cards.map((c) => [c.arxivId, c.asked])).toEqual([
      ['2511.04567', 'https://arxiv.org/abs/2511.04567v2'],
      ['2511.09001', 'https://huggingface.co/papers/2511.09001'],
    ]);
    expect(replyActions(first!.reply).papers.map((p) => p.actions.map((a) => a.kind))).toEqual([
      ['abstract', 'save', 'cite', 'related', 'watch'],
      ['abstract', 'save', 'cite', 'related', 'watch'],
    ]);
  });

  it('gives no card for links to no paper', async () => {
    const { bot } = await setup();
    expect(await bot.handle({ kind: 'link', urls: ['https://example.org/x'], context })).toMatchObject({ reply: { kind: 'error', message: NO_PAPER_LINKS } });
    expect(await bot.handle({ kind: 'link', urls: ['https://arxiv.org/abs/2511.00404'], context })).toMatchObject({ reply: { kind: 'error' } });
  });
});

describe('the resolver', () => {
  it('asks the paper API at most two at a time, however many new links arrive together', async () => {
    const { createPaperResolver } = await import('../../src/links/paper-resolver.js');
    let inFlight = 0;
    let most = 0;
    const api = {
      lookup: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return { kind: 'none' as const };
      },
    };
    const resolver = createPaperResolver({ library: { getByArxiv: () => undefined, get: () => undefined }, api });
    const ids = Array.from({ length: 8 }, (_, i) => `2511.0000${i}`);
    const all = await Promise.all(ids.map((id) => resolver.resolve(id)));
    expect(all.every((r) => r.kind === 'none' && r.why === 'unknown')).toBe(true);
    expect(most).toBe(2);
  });

  it('forgets the oldest ids past its bound, and asks again once an unknown id’s time is up', async () => {
    const { createPaperResolver } = await import('../../src/links/paper-resolver.js');
    let now = 0;
    const asked: string[] = [];
    const api = { lookup: async (id: string) => (asked.push(id), { kind: 'none' as const }) };
    const resolver = createPaperResolver({ library: { getByArxiv: () => undefined, get: () => undefined }, api, capacity: 2, unknownTtlMs: 1000, now: () => now });
    for (const id of ['2511.00001', '2511.00002', '2511.00003', '2511.00001']) await resolver.resolve(id);
    // 00001 was pushed out by 00003, so it is asked again; 00003 is still remembered.
    await resolver.resolve('2511.00003');
    expect(asked).toEqual(['2511.00001', '2511.00002', '2511.00003', '2511.00001']);
    now = 1001;
    await resolver.resolve('2511.00003');
    expect(asked.at(-1)).toBe('2511.00003');
  });
});

describe('many links typed at once', () => {
  it('shows the first ten cards and says so, never a search for "https"', async () => {
    const { parseCommand } = await import('../../src/commands/parse-command.js');
    const text = Array.from({ length: 12 }, (_, i) => `https://arxiv.org/abs/2511.${String(i).padStart(5, '0')}`).join(' ');
    const parsed = parseCommand(text);
    expect(parsed.command).toMatchObject({ kind: 'card', links: expect.any(Array) });
    expect(parsed.command?.kind === 'card' && parsed.command.links).toHaveLength(10);
    expect(parsed.notes).toEqual(['You pasted 12 links; here are the cards of the first 10.']);
    // Words beside a link: the link's card (the words are not searched with "https"), with a note.
    expect(parseCommand('https://arxiv.org/abs/2511.00001 attention')).toMatchObject({ command: { kind: 'card', links: ['https://arxiv.org/abs/2511.00001'] }, notes: [expect.stringContaining('type them without a link')] });
  });
});
