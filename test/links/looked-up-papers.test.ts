import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { replyActions } from '../../src/conversation/actions.js';
import { createPaperLookups } from '../../src/links/paper-lookups.js';
import { createLogger } from '../../src/ops/logger.js';
import { createIngestSink } from '../../src/sources/ingest-sink.js';
import type { Store } from '../../src/store/store.js';
import { DB_FILE } from '../../src/store/sqlite/sqlite-store.js';
import { NOW, sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { startFakeHfApi } from '../huggingface/fake-hf-api.js';
import { API_ONLY, API_ONLY_PAPER } from './link-bot.js';

// A paper only the Hugging Face paper API knows joins the library when its
// link is pasted, and is kept in the store: a save from its card, its
// buttons and the reading list still find it after a restart and on another
// replica, which never looked it up (and cannot reach the API).

const tmp = useTmpDir();
const stores = useSqliteStores(tmp);
const who = { channel: 'slack:C1', user: 'U1', team: 'T1' };

/** One replica: its own library, sink and resolver over the shared store, the paper API at `apiUrl`. */
function replica(store: Store, apiUrl: string) {
  const library = sampleLibrary();
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (l) => logs.push(l) });
  const sink = createIngestSink({ library, store, logger });
  const papers = createPaperLookups({ config: { HF_API: 'on', HF_API_URL: apiUrl, HF_TOKEN: undefined }, library, sink, kept: store, logger });
  return { library, logs, bot: createPaperBot(library, { store, papers, logger, now: () => NOW }) };
}

describe('papers looked up for a link', () => {
  it('are kept, so a save and the card’s buttons work after a restart and on a replica that never looked them up', async () => {
    const api = await startFakeHfApi({ papers: new Map([[API_ONLY_PAPER, API_ONLY]]) });
    const file = join(tmp(), DB_FILE);
    try {
      const a = replica(stores(file), api.url);
      const card = await a.bot.handle({ kind: 'link', urls: [`https://huggingface.co/papers/${API_ONLY_PAPER}`], context: who });
      expect(card.reply.kind).toBe('card');
      const id = replyActions(card.reply).papers[0]!.paper.id;
      expect((await a.bot.handle({ kind: 'action', id: `save:${id}`, context: who })).reply).toMatchObject({ kind: 'info', title: expect.stringContaining('Saved “Walrus') });
      // The keeping is in the background: wait for the row.
      const deadline = Date.now() + 5000;
      while ((await stores(file).lookedUp([id])).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

      // Another replica (or this one after a restart), with the API out of reach.
      const b = replica(stores(file), 'http://127.0.0.1:9');
      expect(b.library.get(id)).toBeUndefined();
      expect((await b.bot.handle({ kind: 'action', id: `abs:${id}`, context: who })).reply).toMatchObject({ kind: 'abstract', paper: { title: 'Walrus: Wide Attention for Long Recall' } });
      expect((await b.bot.handle({ kind: 'action', id: `cite:${id}`, context: who })).reply.kind).toBe('citation');
      expect((await b.bot.handle({ kind: 'action', id: `save:${id}`, context: who })).reply).toMatchObject({ title: expect.stringContaining('already on your reading list') });

      const c = replica(stores(file), 'http://127.0.0.1:9');
      const saved = await c.bot.answer('saved', who);
      expect(saved).toMatchObject({ kind: 'saved', total: 1 });
      expect(replyActions(saved).papers[0]!.paper.title).toBe('Walrus: Wide Attention for Long Recall');
      const top = await replica(stores(file), 'http://127.0.0.1:9').bot.answer('top', who);
      expect(replyActions(top).papers.map((p) => p.paper.id)).toEqual([id]);
      // Read back from the store, not asked again: only replica a asked the API.
      expect(api.paperRequests).toEqual([API_ONLY_PAPER]);
    } finally {
      await api.close();
    }
  });
});
