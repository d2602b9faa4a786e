import { afterEach, describe, expect, it } from 'vitest';
import { fixtureWeeks } from '../huggingface/fixtures.js';
import { startFakeHfApi, type FakeHfApi } from '../huggingface/fake-hf-api.js';
import { runBot } from '../helpers/run-bot.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { API_ONLY, API_ONLY_PAPER } from '../links/link-bot.js';

// `npm start` in the console, with the live source and the paper API on a
// loopback fake: a pasted link or a bare arXiv id shows the paper's card.

const tmp = useTmpDir();
const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

describe('npm start: paper links in the console', () => {
  it('shows the card for a link and a bare id, looks up what the library lacks once, and says when show names no paper', async () => {
    const api = await startFakeHfApi({ days: fixtureWeeks(new Date(), 3), papers: new Map([[API_ONLY_PAPER, API_ONLY]]) });
    fakes.push(api);
    const env = { HF_API: 'on', HF_API_URL: api.url, HF_BACKFILL_DAYS: '3', DATA_DIR: tmp() };
    const run = await runBot(`https://arxiv.org/abs/2511.04567v2\n${API_ONLY_PAPER}\nhttps://huggingface.co/papers/${API_ONLY_PAPER}\nshow nonsense\n`, env);
    expect(run.code).toBe(0);
    // The library's paper, from the link: its card, not a search for "https".
    expect(run.stdout).toContain(' 1. Fine-Tunable Sparse-Linear Attention for Long Video Generation');
    expect(run.stdout).toMatch(/#1 trending · 87 upvotes {2}\[arXiv:2511\.04567\]/);
    expect(run.stdout).not.toContain('Results for "https');
    // The paper only the API knows, from its bare id, asked once for the two pastes.
    expect(run.stdout).toContain(' 1. Walrus: Wide Attention for Long Recall');
    expect(run.stdout).toContain('Oct 2, 2026 · 33 upvotes  [arXiv:2511.09001]');
    expect(run.stdout).toContain('TL;DR (AI summary by Hugging Face): Walrus recalls more.');
    expect(api.paperRequests).toEqual([API_ONLY_PAPER]);
    expect(run.stdout).toContain('Sorry: “nonsense” is not a paper id.');

    // A looked-up paper is not kept in the store: after a restart a link to it is looked up again (once).
    const again = await runBot(`${API_ONLY_PAPER}\n`, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(' 1. Walrus: Wide Attention for Long Recall');
    expect(api.paperRequests).toEqual([API_ONLY_PAPER, API_ONLY_PAPER]);
  });
});
