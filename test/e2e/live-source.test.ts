import { afterEach, describe, expect, it } from 'vitest';
import { badFieldItems, dayBefore, fixtureWeeks, newestWeekday } from '../huggingface/fixtures.js';
import { startFakeHfApi, unreachableUrl, type FakeHfApi } from '../huggingface/fake-hf-api.js';
import { runBot } from '../helpers/run-bot.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

// `npm start` with the live source pointed at a loopback fake of the
// Hugging Face API serving three weeks of lists: what a newcomer sees.

const tmp = useTmpDir();
const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

async function fake(): Promise<FakeHfApi> {
  const f = await startFakeHfApi({ days: fixtureWeeks(new Date(), 21) });
  fakes.push(f);
  return f;
}
const liveEnv = (url: string, dataDir: string) => ({ HF_API: 'on', HF_API_URL: url, HF_BACKFILL_DAYS: '21', DATA_DIR: dataDir });

describe('npm start with the Hugging Face live source', () => {
  it('backfills at start, then answers with arXiv links, authors, upvotes and citations', async () => {
    const api = await fake();
    const run = await runBot('/paper sparse-linear attention video\ntoday\ncite 1\n', liveEnv(api.url, tmp()));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Fetching Hugging Face daily papers: 0\/21 days/);
    expect(run.stderr).toMatch(/Fetching Hugging Face daily papers: 21\/21 days/);
    // The search, answered after the start-up fetch: an API-only paper with its links and authors.
    expect(run.stdout).toContain(' 1. Fine-Tunable Sparse-Linear Attention for Long Video Generation');
    expect(run.stdout).toContain('Ada Lovelace, Grace Hopper, Émile Zola et al.');
    expect(run.stdout).toContain('https://arxiv.org/abs/2511.04567');
    expect(run.stdout).toMatch(/#1 trending · 87 upvotes/);
    // Today leads with the newest day's most-upvoted paper.
    const newest = newestWeekday(new Date());
    expect(run.stdout).toMatch(new RegExp(`Top trending papers of ${newest}:\\n 1\\. Fine-Tunable Sparse-Linear Attention`));
    // cite 1: result 1 of the last list (today).
    expect(run.stdout).toContain(`@misc{lovelace${newest.slice(0, 4)}finetunable,`);
    expect(run.stdout).toContain('  author = {Ada Lovelace and Grace Hopper and {\\\'E}mile Zola and Alan Turing},');
    expect(run.stdout).toContain('  eprint = {2511.04567},');
    // The drifted items cost a warning each, naming the day and position.
    expect(run.stderr).toContain(`warn: huggingface: Hugging Face ${newest}, item 4: skipped (not an object: string)`);
  });

  it('restarts with a handful of requests: only the days that can still change', async () => {
    const api = await fake();
    const dataDir = tmp();
    expect((await runBot('quokka\n', liveEnv(api.url, dataDir))).code).toBe(0);
    const first = api.requests.length;
    expect(first).toBeGreaterThanOrEqual(21);
    const again = await runBot('quokka\n', liveEnv(api.url, dataDir));
    expect(again.code).toBe(0);
    const dates = new Set(api.requests.slice(first).map((r) => r.date));
    expect(dates.size).toBeLessThanOrEqual(2); // today and yesterday
    expect(api.requests.length - first).toBeLessThanOrEqual(6);
    // What was fetched before is searchable from the store.
    expect(again.stdout).toContain('Quokka: Query-Oriented Kernel Attention for Long Contexts');
  });

  it('with the API unreachable, answers from the digests at once, warns once, and exits 0', async () => {
    const run = await runBot('/paper sparse autoencoders\n', liveEnv(await unreachableUrl(), tmp()));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Results for "sparse autoencoders": 7 matches');
    expect(run.stderr.match(/cannot be reached/g)).toEqual(['cannot be reached']);
    expect(run.stderr).toContain('warn: huggingface: the daily-papers API cannot be reached (cannot connect (ECONNREFUSED)); serving the papers already stored');
  });

  it('waits out a 429 as asked before answering; after a 500 that a retry gets past, too, without a warning', async () => {
    const api = await fake();
    api.fail({ status: 429, retryAfter: '1' });
    const waited = await runBot('quokka\n', liveEnv(api.url, tmp()));
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain('Quokka: Query-Oriented Kernel Attention for Long Contexts');
    expect(waited.stderr).not.toContain('cannot be reached');

    api.fail({ status: 500 });
    const retried = await runBot('quokka\n', liveEnv(api.url, tmp()));
    expect(retried.code).toBe(0);
    expect(retried.stderr).not.toContain('cannot be reached');
    expect(retried.stderr).not.toContain('HTTP 500');
    // The first answer came after the backfill: the newest day's paper is found.
    expect(retried.stdout).toContain('Quokka: Query-Oriented Kernel Attention for Long Contexts');
  });

  it('keeps a day whose items carry bad fields across a restart with the API answering 503', async () => {
    const api = await fake();
    const bad = dayBefore(new Date(), 5);
    api.days.set(bad, badFieldItems(bad));
    const dataDir = tmp();
    const first = await runBot('/paper pelican routing\n', liveEnv(api.url, dataDir));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Pelican Routing on February Thirtieth');
    expect(first.stderr).not.toContain('cannot store');
    expect(first.stderr).toContain(`warn: huggingface: Hugging Face ${bad}, item 1 (2511.07001): publishedAt dropped (expected a day that exists (no Feb 30))`);
    api.fail(...Array.from({ length: 12 }, () => ({ status: 503 as const })));
    const again = await runBot('/paper pelican routing\n', liveEnv(api.url, dataDir));
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('cannot be reached (server error (HTTP 503))');
    expect(again.stdout).toContain('Pelican Routing on February Thirtieth');
    expect(again.stdout).toContain('Pelican Routing with a Long Repository');
  });

  it('after a request failed for good, warns once and answers at once; the next start catches up', async () => {
    const api = await fake();
    const dataDir = tmp();
    api.fail({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const early = await runBot('quokka\n', liveEnv(api.url, dataDir));
    expect(early.code).toBe(0);
    expect(early.stderr.match(/cannot be reached/g)).toEqual(['cannot be reached']);
    expect(early.stderr).toContain('warn: huggingface: the daily-papers API cannot be reached (server error (HTTP 500))');
    const later = await runBot('quokka\n', liveEnv(api.url, dataDir));
    expect(later.stdout).toContain('Quokka: Query-Oriented Kernel Attention for Long Contexts');
  });
});
