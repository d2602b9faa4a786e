import { afterEach, describe, expect, it } from 'vitest';
import { fixtureWeeks } from '../huggingface/fixtures.js';
import { startFakeHfApi, type FakeHfApi } from '../huggingface/fake-hf-api.js';
import { runBot } from '../helpers/run-bot.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

// The days the first start fetches (the backfill) reach the index file before
// the bot stops, so the next start loads them with the rest instead of
// indexing them again.

const tmp = useTmpDir();
const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

describe('the index file after a backfill', () => {
  it('holds the papers the first fetch brought: the next start has none "not in the index yet"', async () => {
    const api = await startFakeHfApi({ days: fixtureWeeks(new Date(), 21) });
    fakes.push(api);
    const dataDir = tmp();
    const first = await runBot('quokka\n', { HF_API: 'on', HF_API_URL: api.url, HF_BACKFILL_DAYS: '21', DATA_DIR: dataDir, LOG_LEVEL: 'debug' }, 60_000);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Fetching Hugging Face daily papers: 21\/21 days: [1-9]\d* new papers/);
    expect(first.stdout).toContain('Quokka: Query-Oriented Kernel Attention for Long Contexts');

    // Offline, so the only papers from Hugging Face are the stored ones.
    const again = await runBot('quokka\n', { HF_API: 'off', DATA_DIR: dataDir }, 60_000);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/Loaded .* from the index file/);
    expect(again.stderr).toMatch(/Hugging Face: \d+ stored days with \d+ listings \(0 papers not in the index yet\)/);
    expect(again.stdout).toContain('Quokka: Query-Oriented Kernel Attention for Long Contexts');
  });
});
