import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import { sampleLibrary } from '../helpers/sample.js';

describe('the bot answers every command with a reply value', () => {
  const bot = createPaperBot(sampleLibrary(), { rng: () => 0 });

  it('answers a search with ranked hits, page info, date, rank and snippet', async () => {
    const reply = await bot.answer('/paper sparse autoencoders');
    expect(reply.kind).toBe('results');
    if (reply.kind !== 'results') return;
    expect(reply).toMatchObject({ query: 'sparse autoencoders', page: 1, pageSize: 5, total: 7, pageCount: 2 });
    expect(reply.hits).toHaveLength(5);
    expect(reply.hits[0]).toMatchObject({ date: '2026-04-21', digestCount: 1 });
    expect(reply.hits.every((h) => h.snippet.length > 0 && (h.rank ?? 0) >= 1)).toBe(true);
  });

  it('pages', async () => {
    const reply = await bot.answer('sparse autoencoders page 2');
    expect(reply).toMatchObject({ kind: 'results', page: 2 });
    const beyond = await bot.answer('sparse autoencoders page 9');
    expect(beyond).toMatchObject({ kind: 'results', page: 2, notes: [expect.stringContaining('only 2 pages')] });
  });

  it('answers no results with suggestions', async () => {
    const reply = await bot.answer('difusoin');
    expect(reply).toMatchObject({ kind: 'no-results', query: 'difusoin' });
    if (reply.kind === 'no-results') expect(reply.suggestions.length).toBeGreaterThan(0);
  });

  it('explains a query with nothing searchable', async () => {
    expect(await bot.answer('the of')).toMatchObject({ kind: 'no-results', notes: [expect.stringContaining('no searchable words')] });
  });

  it('answers today, random, help, show and abstract', async () => {
    expect(await bot.answer('today')).toMatchObject({ kind: 'today', date: '2026-04-21' });
    const random = await bot.answer('random');
    expect(random).toMatchObject({ kind: 'paper', heading: 'A random paper' });
    if (random.kind !== 'paper') return;
    expect(random.paper.links[0]).toMatchObject({ label: 'Find on arXiv', url: expect.stringMatching(/^https:\/\/arxiv\.org\/search\/\?query=Towards%20Principled/) });
    expect(await bot.answer('help')).toMatchObject({ kind: 'help', library: { papers: 84, digests: 1, newest: '2026-04-21' } });
    expect(await bot.answer(`show ${random.paper.id}`)).toMatchObject({ kind: 'paper', paper: { id: random.paper.id } });
    expect(await bot.abstractOf(random.paper.id)).toMatchObject({ kind: 'abstract', paper: { abstract: expect.stringMatching(/^Disentangling/) } });
    expect(await bot.abstractOf('ffffffffffff')).toMatchObject({ kind: 'error', message: expect.stringContaining('No paper') });
  });

  it('says so when the library is empty', async () => {
    const empty = createPaperBot(new PaperLibrary());
    for (const text of ['today', 'random', 'anything']) {
      expect(await empty.answer(text)).toMatchObject({ kind: 'error', message: expect.stringContaining('library is empty') });
    }
  });

  it('shows a paper whose title has a lone surrogate (JSON from an API can carry one) instead of failing', async () => {
    const library = new PaperLibrary();
    library.addDigest({ file: 'api.json', problems: [], sections: [{ date: '2026-04-21', line: 1, papers: [{ title: 'Broken \ud83d Emoji', abstract: 'We study it.', rank: 1, line: 1 }] }] });
    const reply = await createPaperBot(library, { rng: () => 0 }).answer('random');
    expect(reply).toMatchObject({ kind: 'paper', paper: { links: [{ label: 'Find on arXiv', url: expect.stringContaining('Broken%20%EF%BF%BD%20Emoji') }, expect.anything()] } });
  });

  it('turns an internal failure into an error reply, not an exception', async () => {
    const broken = new PaperLibrary();
    broken.search = () => {
      throw new TypeError('boom');
    };
    Object.defineProperty(broken, 'size', { get: () => 1 });
    expect(await createPaperBot(broken).answer('x')).toMatchObject({ kind: 'error', message: expect.stringContaining('went wrong') });
  });

  it('logs every "Something went wrong" once, with its cause and who asked', async () => {
    const broken = new PaperLibrary();
    broken.search = () => {
      throw new TypeError('boom', { cause: new RangeError('deeper') });
    };
    Object.defineProperty(broken, 'size', { get: () => 1 });
    const lines: string[] = [];
    const bot = createPaperBot(broken, { logger: createLogger({ level: 'info', format: 'json', write: (l) => lines.push(l) }) });
    await bot.answer('x', { channel: 'slack:C9', user: 'U9' });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as { err: { stack: string; message: string } };
    expect(entry).toMatchObject({ level: 'error', command: 'search', channel: 'slack:C9', user: 'U9', err: { type: 'TypeError' } });
    expect(entry.err.message).toContain('boom: deeper');
    expect(entry.err.stack).toContain('answer.test.ts');
  });
});
