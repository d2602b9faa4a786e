// `npm run bench:watch [watches ...]`: what watching papers costs the Hugging
// Face API. For each number of watched papers (1, 10, 100, 1000 by default,
// each watched by one channel, plus the first also by a second channel), runs
// the watch check of enough polls to look at every paper once against the
// loopback fake API (test/huggingface/fake-hf-api.ts) and prints the requests
// per poll (the paper API and the three Hub listings) and how many polls a
// round takes. Counts, not timings: the figures do not depend on the machine.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaperLibrary } from '../src/library/library.js';
import { LIVE_SOURCE } from '../src/library/paper.js';
import { createLogger } from '../src/ops/logger.js';
import { createWatchAlerts, PAPERS_PER_POLL } from '../src/posts/watch-alerts.js';
import { createHfClient } from '../src/sources/huggingface/hf-client.js';
import { createHubLinks } from '../src/sources/huggingface/hub-links.js';
import { createPaperApi } from '../src/sources/huggingface/paper-api.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { startFakeHfApi } from '../test/huggingface/fake-hf-api.js';

const POLL_MS = 30 * 60_000;
const T0 = Date.parse('2026-11-27T10:00:00Z');

async function one(papers: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-watch-bench-'));
  const fake = await startFakeHfApi();
  const store = openSqliteStore(join(dir, 'paperbot.db'));
  try {
    const library = new PaperLibrary();
    const arxiv = (i: number) => `2511.${String(10000 + i)}`;
    library.addListing({ date: '2026-11-26', source: LIVE_SOURCE, papers: Array.from({ length: papers }, (_, i) => ({ title: `Watched Paper ${i}`, abstract: 'A study.', rank: i + 1, meta: { arxivId: arxiv(i) } })) });
    const seen = { githubRepo: null, projectPage: null, models: null, datasets: null, spaces: null, inDaily: true, upvoteMark: 0 };
    for (let i = 0; i < papers; i++) {
      const paper = library.getByArxiv(arxiv(i))!;
      const owners = i === 0 ? ['slack:C1', 'slack:C2'] : ['slack:C1'];
      for (const owner of owners) await store.addWatch({ owner, kind: 'channel', paperId: paper.id, arxivId: arxiv(i), title: paper.title, createdAt: T0, endsAt: T0 + 90 * 86_400_000, seen });
    }
    let now = T0;
    const alerts = createWatchAlerts({ store, library, adapters: new Map(), logger: createLogger({ level: 'error', write: () => undefined }), now: () => new Date(now) });
    const client = createHfClient({ baseUrl: fake.url, userAgent: 'paperbot-bench' });
    const sources = { links: createHubLinks(client), papers: createPaperApi(client) };
    const polls = Math.ceil(papers / PAPERS_PER_POLL);
    const perPoll: number[] = [];
    for (let poll = 0; poll < polls; poll++) {
      now = T0 + poll * POLL_MS;
      const before = fake.hubRequests.length + fake.paperRequests.length;
      await alerts.check(sources, { pollMs: POLL_MS });
      perPoll.push(fake.hubRequests.length + fake.paperRequests.length - before);
    }
    const looked = new Set(fake.paperRequests).size;
    return `${String(papers).padStart(5)} papers (${papers + 1} watches): ${Math.max(...perPoll)} requests per poll at most, ${looked} papers looked at in ${polls} polls (${(polls * POLL_MS) / 3_600_000} h at HF_POLL_MINUTES=30)`;
  } finally {
    await store.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
console.log(`watch check: ${PAPERS_PER_POLL} papers a poll, each one paper API request and three Hub listings`);
for (const n of sizes.length > 0 ? sizes : [1, 10, 100, 1000]) console.log(await one(n));
