import { afterEach, describe, expect, it } from 'vitest';
import { createHfClient, HfApiError, type HfClientOptions } from '../../src/sources/huggingface/hf-client.js';
import { fullItem } from './fixtures.js';
import { startFakeHfApi, unreachableUrl, type FakeHfApi } from './fake-hf-api.js';

const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

async function setup(opts: { pageCap?: number; items?: number } = {}) {
  const items = Array.from({ length: opts.items ?? 5 }, (_, i) =>
    fullItem({ id: `2511.0000${i}`, title: `Paper ${i}`, summary: 'An abstract.', upvotes: i, authors: ['A. Author'], day: '2026-11-27' }),
  );
  const fake = await startFakeHfApi({ days: new Map([['2026-11-27', items]]), pageCap: opts.pageCap });
  fakes.push(fake);
  return { fake, items };
}

/** A client with small waits, so fault tests take milliseconds. */
const client = (baseUrl: string, over: Partial<HfClientOptions> = {}) =>
  createHfClient({ baseUrl, userAgent: 'paperbot/test', backoffMs: 10, timeoutMs: 300, ...over });

describe('the daily-papers API client', () => {
  it('follows pages until an empty one, even when the server caps the page size', async () => {
    const { fake, items } = await setup({ pageCap: 2 });
    expect((await client(fake.url).fetchDay('2026-11-27')).items).toEqual(items);
    // 5 items at 2 a page: pages 0, 1, 2 (short, but not the end), then the empty page 3.
    expect(fake.requests.map((r) => [r.page, r.limit])).toEqual([[0, 100], [1, 100], [2, 100], [3, 100]]);
  });

  it('sends the token as a bearer and a User-Agent naming paperbot', async () => {
    const { fake } = await setup();
    await client(fake.url, { token: 'hf_secret_token', userAgent: 'paperbot/1.2.3' }).fetchDay('2026-11-27');
    expect(fake.requests[0]).toMatchObject({ authorization: 'Bearer hf_secret_token', userAgent: 'paperbot/1.2.3' });
  });

  it('waits as a 429 asks (Retry-After, or the RateLimit header), then goes on', async () => {
    const { fake, items } = await setup();
    fake.fail({ status: 429, retryAfter: '0.05' }, { status: 429, rateLimit: '"default";r=0;t=0' });
    const retries: string[] = [];
    expect((await client(fake.url, { onRetry: (r) => retries.push(r) }).fetchDay('2026-11-27')).items).toEqual(items);
    expect(retries).toEqual(['rate limited (429)', 'rate limited (429)']);
  });

  it('gives up on a 429 that asks for longer than it will wait, saying how long', async () => {
    const { fake } = await setup();
    fake.fail({ status: 429, retryAfter: '3600' });
    await expect(client(fake.url).fetchDay('2026-11-27')).rejects.toThrow(/rate limited \(429\); the server asks to wait 3600 s/);
    expect(fake.requests).toHaveLength(1);
  });

  it('backs off on 5xx and on a response that never comes, and fails after the retries', async () => {
    const { fake, items } = await setup();
    fake.fail({ status: 500 }, 'hang', { status: 503 });
    const retries: string[] = [];
    expect((await client(fake.url, { onRetry: (r, _wait, kind) => retries.push(`${kind}: ${r}`) }).fetchDay('2026-11-27')).items).toEqual(items);
    // The server answered (or may yet): a retry, not an unreachable API.
    expect(retries).toEqual(['failed: HTTP 500', 'failed: no answer within 0.3 s', 'failed: HTTP 503']);
    fake.fail({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await expect(client(fake.url).fetchDay('2026-11-27')).rejects.toThrow(new HfApiError('server error (HTTP 500)'));
  });

  it('reports malformed JSON and a non-array answer without retrying them', async () => {
    const { fake } = await setup();
    fake.fail('malformed');
    await expect(client(fake.url).fetchDay('2026-11-27')).rejects.toThrow('the answer is not valid JSON');
    fake.fail('not-array');
    await expect(client(fake.url).fetchDay('2026-11-27')).rejects.toThrow('expected a JSON array of papers, got object');
  });

  it('reports a port where nothing listens', async () => {
    const url = await unreachableUrl();
    const kinds: string[] = [];
    await expect(client(url, { retries: 1, onRetry: (_r, _wait, kind) => kinds.push(kind) }).fetchDay('2026-11-27')).rejects.toThrow(/cannot connect \(ECONNREFUSED\)/);
    expect(kinds).toEqual(['unreachable']);
  });

  it('refuses a page over the size cap without reading it all, whether or not the length is declared', async () => {
    const { fake } = await setup();
    for (const chunked of [false, true]) {
      // 64 MB on offer, 256 KB allowed: the client stops after a little over the cap.
      fake.fail({ huge: 64 * 1024 * 1024, chunked });
      const retries: string[] = [];
      await expect(client(fake.url, { maxPageBytes: 256 * 1024, timeoutMs: 10_000, onRetry: (r) => retries.push(r) }).fetchDay('2026-11-27')).rejects.toThrow(
        new HfApiError('page 1 of 2026-11-27 is over the 0.25 MB a page may take; not read', 'bad-answer'),
      );
      // Not retried: the same request would bring the same answer.
      expect(retries).toEqual([]);
    }
    // A page under the cap is read as before.
    expect((await client(fake.url, { maxPageBytes: 256 * 1024 }).fetchDay('2026-11-27')).items).toHaveLength(5);
  });

  it('says when the page cap cuts a day', async () => {
    const { fake, items } = await setup({ pageCap: 2, items: 7 });
    const day = await client(fake.url, { maxPages: 3 }).fetchDay('2026-11-27');
    expect(day.items).toEqual(items.slice(0, 6));
    expect(day.cut).toBe('Hugging Face 2026-11-27: stopped after 3 pages (6 items); the rest of the day, if any, is left out');
    expect(fake.requests).toHaveLength(3);
    // A day that ends before the cap is not cut.
    expect((await client(fake.url, { maxPages: 5 }).fetchDay('2026-11-27')).cut).toBeUndefined();
  });

  it('stops at once when aborted', async () => {
    const { fake } = await setup();
    fake.fail('hang');
    const abort = new AbortController();
    const pending = client(fake.url, { timeoutMs: 60_000 }).fetchDay('2026-11-27', abort.signal);
    setTimeout(() => abort.abort(new Error('stopping')), 50);
    await expect(pending).rejects.toThrow('stopping');
  });
});
