import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHfApi, type FakeHfApi } from '../huggingface/fake-hf-api.js';
import { fullItem } from '../huggingface/fixtures.js';
import { startBot } from '../helpers/run-bot.js';
import { until } from '../helpers/loopback.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const WIDE = { COLUMNS: '1000' };
const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

describe('npm start: watching a paper', () => {
  it('alerts once in the console when a model gets linked on the Hub, and not again after a restart', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const api = await startFakeHfApi({ days: new Map([[today, [fullItem({ id: '2511.31415', title: 'Watched Probes at Scale', summary: 'We probe. It works.', upvotes: 4, authors: ['A. One'], day: today })]]]) });
    fakes.push(api);
    const dataDir = tmp();
    // Polls every 3 s; each poll looks at the watched paper (one paper: 4 requests).
    const env = { ...WIDE, HF_API: 'on', HF_API_URL: api.url, HF_BACKFILL_DAYS: '2', HF_POLL_MINUTES: '0.05', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const bot = startBot(env);
    bot.say('watch 2511.31415');
    await bot.waitFor(/Watching “Watched Probes at Scale” until \w{3} \d+, \d{4} \(90 days\)\./);
    // The first look records the Hub's counts; then a model is linked.
    await until(() => (api.hubRequests.length >= 3 ? true : undefined), 20_000, 'the first look at the Hub');
    api.hub.set('2511.31415', { models: ['org/probe-7b'] });
    // The paper's card under what changed, with what the watch saw linked on the Hub.
    const alert = await bot.waitFor(/Watched paper: a model linked on the Hub:\n\s+Models on the Hub \(1\): org\/probe-7b\n[\s\S]*Watched Probes at Scale\n[\s\S]*Linked on Hugging Face: 1 model · 0 datasets · 0 Spaces/, 20_000);
    expect(alert).toContain('Watching until');
    // Two more looks: nothing new, nothing said.
    const looked = api.hubRequests.length;
    await until(() => (api.hubRequests.length >= looked + 6 ? true : undefined), 20_000, 'two more looks');
    bot.say('watches');
    await bot.waitFor(/This channel watches 1 of at most 25 papers:\n[\s\S]*1\. “Watched Probes at Scale” \(arXiv 2511\.31415\), until/);
    const first = await bot.end();
    expect(first.code).toBe(0);
    expect(first.stdout.match(/Watched paper: a model linked on the Hub/g)).toHaveLength(1);
    expect(first.stderr).toMatch(/watches: watch \d+ \(arXiv 2511\.31415\): alerted models:1/);
    // A restart on the same data: the watch and what it saw are in the store.
    const before = api.hubRequests.length;
    const again = startBot(env);
    await until(() => (api.hubRequests.length >= before + 6 ? true : undefined), 20_000, 'two looks after the restart');
    const second = await again.end();
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('Watched paper:');
  });
});
