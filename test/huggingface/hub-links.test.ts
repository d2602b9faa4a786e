import { afterEach, describe, expect, it } from 'vitest';
import { createHfClient } from '../../src/sources/huggingface/hf-client.js';
import { createHubLinks, readRepoIds } from '../../src/sources/huggingface/hub-links.js';
import { startFakeHfApi, type FakeHfApi } from './fake-hf-api.js';

const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

async function setup(opts: { retries?: number; timeoutMs?: number } = {}) {
  const fake = await startFakeHfApi();
  fakes.push(fake);
  const retries: string[] = [];
  const client = createHfClient({
    baseUrl: `${fake.url}/`,
    token: 'hf_secret_token',
    userAgent: 'paperbot-test',
    backoffMs: 5,
    timeoutMs: opts.timeoutMs ?? 500,
    retries: opts.retries ?? 2,
    onRetry: (reason) => retries.push(reason),
  });
  return { fake, hub: createHubLinks(client), retries };
}

describe('the Hub listings of a paper', () => {
  it('asks the three listings by arxiv tag, and reads repository ids', async () => {
    const { fake, hub } = await setup();
    fake.hub.set('2511.10000', { models: ['org/a', 'org/b'], spaces: ['org/demo'] });
    expect(await hub.linksOf('2511.10000')).toEqual({ models: ['org/a', 'org/b'], datasets: [], spaces: ['org/demo'] });
    expect(hub.requestsPerPaper).toBe(3);
    expect(fake.hubRequests).toEqual([
      { kind: 'models', filter: 'arxiv:2511.10000', limit: 100 },
      { kind: 'datasets', filter: 'arxiv:2511.10000', limit: 100 },
      { kind: 'spaces', filter: 'arxiv:2511.10000', limit: 100 },
    ]);
    // An old-style id keeps its slash inside the filter value.
    await hub.linksOf('hep-th/9901001');
    expect(fake.hubRequests.at(-1)).toEqual({ kind: 'spaces', filter: 'arxiv:hep-th/9901001', limit: 100 });
  });

  it('skips entries that are not repositories, and counts each once', () => {
    expect(readRepoIds([{ id: 'org/a' }, { id: '' }, { modelId: 'x' }, null, 'org/b', { id: 'org/a' }, { id: 7 }, { id: 'org/c', extra: true }])).toEqual(['org/a', 'org/c']);
  });

  it('retries 429 and 5xx, times out a listing that never answers, and refuses malformed answers', async () => {
    const { fake, hub, retries } = await setup({ retries: 3 });
    fake.hub.set('2511.10000', { datasets: ['org/d'] });
    fake.failHub({ status: 429, retryAfter: '0' }, { status: 502 }, 'hang');
    expect(await hub.linksOf('2511.10000')).toEqual({ models: [], datasets: ['org/d'], spaces: [] });
    expect(retries).toEqual(['rate limited (429)', 'HTTP 502', 'no answer within 0.5 s']);
    fake.failHub('malformed');
    await expect(hub.linksOf('2511.10000')).rejects.toThrow('the answer is not valid JSON');
    fake.failHub('not-array');
    await expect(hub.linksOf('2511.10000')).rejects.toThrow("the Hub's models for arXiv 2511.10000: expected a JSON array, got object");
    fake.failHub({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    await expect(hub.linksOf('2511.10000')).rejects.toThrow('server error (HTTP 503)');
    // The daily route's faults are its own: a listing never takes one.
    fake.fail({ status: 500 });
    expect(await hub.linksOf('2511.10000')).toMatchObject({ datasets: ['org/d'] });
  });

  it('stops at once when aborted', async () => {
    const { fake, hub } = await setup({ timeoutMs: 10_000 });
    fake.failHub('hang');
    const abort = new AbortController();
    const pending = hub.linksOf('2511.10000', abort.signal);
    setTimeout(() => abort.abort(new Error('paperbot is stopping')), 20);
    await expect(pending).rejects.toThrow('paperbot is stopping');
  });
});
