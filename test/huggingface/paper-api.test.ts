import { afterEach, describe, expect, it } from 'vitest';
import { createHfClient, HfApiError, type HfClientOptions } from '../../src/sources/huggingface/hf-client.js';
import { createPaperApi, HubPaperSchema, readPaperAnswer } from '../../src/sources/huggingface/paper-api.js';
import { paperAnswer } from './fixtures.js';
import { startFakeHfApi, unreachableUrl, type FakeHfApi } from './fake-hf-api.js';

const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

const SLA = paperAnswer({
  id: '2511.04567',
  title: 'Fine-Tunable\n  Sparse-Linear Attention for Long Video Generation',
  upvotes: 87,
  authors: ['Ada Lovelace', 'Grace Hopper'],
  day: '2026-11-27',
  githubRepo: 'https://github.com/example/sla',
  projectPage: 'https://example.org/sla',
  aiSummary: 'A sparse-linear attention that makes long video generation 5x faster.',
});

async function setup(papers: [string, unknown][] = [['2511.04567', SLA]]) {
  const fake = await startFakeHfApi({ papers: new Map(papers) });
  fakes.push(fake);
  return fake;
}

const api = (baseUrl: string, over: Partial<HfClientOptions> = {}) =>
  createPaperApi(createHfClient({ baseUrl, userAgent: 'paperbot/test', backoffMs: 10, timeoutMs: 300, ...over }));

describe('the paper API', () => {
  it('reads a paper into the library fields, the Daily Papers day and what the card shows', async () => {
    const fake = await setup();
    const found = await api(fake.url).lookup('2511.04567v2');
    expect(found).toEqual({
      kind: 'found',
      warnings: [],
      paper: {
        arxivId: '2511.04567',
        title: 'Fine-Tunable Sparse-Linear Attention for Long Video Generation',
        abstract: "The abstract of Fine-Tunable Sparse-Linear Attention for Long Video Generation. It wraps like arXiv's.",
        authors: ['Ada Lovelace', 'Grace Hopper'],
        upvotes: 87,
        publishedAt: '2026-11-27',
        dailyDate: '2026-11-27',
        aiSummary: 'A sparse-linear attention that makes long video generation 5x faster.',
        aiKeywords: ['links', 'cards'],
        githubRepo: 'https://github.com/example/sla',
        githubStars: 42,
        projectPage: 'https://example.org/sla',
      },
    });
    expect(HubPaperSchema.parse(found.kind === 'found' ? found.paper : undefined)).toBeTruthy();
    // The version is dropped before asking: the Hub keeps one page per paper.
    expect(fake.paperRequests).toEqual(['2511.04567']);
  });

  it('says "no such paper" on a 404, without retrying', async () => {
    const fake = await setup();
    const retries: string[] = [];
    expect(await api(fake.url, { onRetry: (r) => retries.push(r) }).lookup('2511.09999')).toEqual({ kind: 'none' });
    expect(fake.paperRequests).toEqual(['2511.09999']);
    expect(retries).toEqual([]);
  });

  it('asks for an old-style id with its slash', async () => {
    const fake = await setup([['hep-th/9901001', paperAnswer({ id: 'hep-th/9901001', title: 'Strings' })]]);
    const found = await api(fake.url).lookup('hep-th/9901001');
    expect(found.kind === 'found' && found.paper.title).toBe('Strings');
    expect(fake.paperRequests).toEqual(['hep-th/9901001']);
  });

  it('waits out a 429 as asked and retries 5xx and a response that never comes, with the retry kinds', async () => {
    const fake = await setup();
    fake.fail({ status: 429, retryAfter: '0.05' }, { status: 503 }, 'hang');
    const kinds: string[] = [];
    const found = await api(fake.url, { onRetry: (r, _w, kind) => kinds.push(`${kind}: ${r}`) }).lookup('2511.04567');
    expect(found.kind).toBe('found');
    expect(kinds).toEqual(['rate-limited: rate limited (429)', 'failed: HTTP 503', 'failed: no answer within 0.3 s']);
    expect(fake.paperRequests).toHaveLength(4);
  });

  it('fails after the retries, and on an unreachable API, with the client errors', async () => {
    const fake = await setup();
    fake.fail({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await expect(api(fake.url).lookup('2511.04567')).rejects.toThrow(new HfApiError('server error (HTTP 500)'));
    await expect(api(await unreachableUrl(), { retries: 0 }).lookup('2511.04567')).rejects.toThrow(/cannot connect \(ECONNREFUSED\)/);
  });

  it('refuses malformed JSON, an answer that is not a paper and one for another paper', async () => {
    const fake = await setup([
      ['2511.04567', SLA],
      ['2511.00001', { error: 'nope' }],
      ['2511.00002', paperAnswer({ id: '2511.00003', title: 'Another' })],
      ['2511.00004', { id: '2511.00004' }],
    ]);
    fake.fail('malformed');
    await expect(api(fake.url).lookup('2511.04567')).rejects.toThrow(new HfApiError('the answer is not valid JSON', 'bad-answer'));
    await expect(api(fake.url).lookup('2511.00001')).rejects.toThrow("the paper API's answer for 2511.00001 is not a paper (no valid arXiv id)");
    await expect(api(fake.url).lookup('2511.00002')).rejects.toThrow('the paper API answered for 2511.00003 when asked for 2511.00002');
    await expect(api(fake.url).lookup('2511.00004')).rejects.toThrow("the paper API's answer for 2511.00004 has no title");
    await expect(api(fake.url).lookup('not an id')).rejects.toThrow('paper API: not an arXiv id: "not an id"');
  });

  it('refuses an answer over the size cap without retrying it', async () => {
    const fake = await setup();
    fake.fail({ huge: 8 * 1024 * 1024, chunked: true });
    const retries: string[] = [];
    await expect(api(fake.url, { maxPageBytes: 256 * 1024, timeoutMs: 10_000, onRetry: (r) => retries.push(r) }).lookup('2511.04567')).rejects.toThrow(
      new HfApiError('the paper 2511.04567 is over the 0.25 MB a page may take; not read', 'bad-answer'),
    );
    expect(retries).toEqual([]);
  });

  it('drops a refused field with a warning, keeping the paper', () => {
    const read = readPaperAnswer('2511.04567', { ...SLA, githubRepo: 'javascript:alert(1)', upvotes: -3 });
    expect(read.paper.githubRepo).toBeUndefined();
    expect(read.paper.upvotes).toBeUndefined();
    expect(read.warnings).toHaveLength(2);
  });

  it('stops at once when aborted (shutdown)', async () => {
    const fake = await setup();
    fake.fail('hang');
    const abort = new AbortController();
    const pending = api(fake.url, { timeoutMs: 60_000 }).lookup('2511.04567', abort.signal);
    setTimeout(() => abort.abort(new Error('stopping')), 50);
    await expect(pending).rejects.toThrow('stopping');
  });
});
