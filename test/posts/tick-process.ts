// A real bot process for the restart, catch-up and two-process tests: it
// opens the shared SQLite store, loads the bundled digest, runs one tick of
// the daily job at NOW with an adapter that appends each post to OUT (after
// a short delay, to widen any race), and exits.
import { appendFileSync } from 'node:fs';
import { createPaperBot } from '../../src/commands/answer.js';
import { runDailyTick } from '../../src/posts/daily-job.js';
import { loadDigestDir } from '../../src/sources/digest/load-digest-dir.js';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const { DB, NOW, OUT, DIGESTS } = process.env as Record<string, string>;
const store = openSqliteStore(DB!);
await store.upsertSubscription({ channel: 'slack:C1', cadence: 'daily', time: '09:00', timezone: 'Europe/Paris', days: [0, 1, 2, 3, 4, 5, 6], source: 'config' });
const library = new PaperLibrary();
for (const d of (await loadDigestDir(DIGESTS!, new Date(NOW!))).digests) library.addDigest(d);
const adapter = {
  platform: 'slack',
  start: async () => undefined,
  stop: async () => undefined,
  postPaper: async (channel: string, paper: { id: string; title: string }) => {
    await new Promise((r) => setTimeout(r, 200));
    appendFileSync(OUT!, `${process.pid} ${channel} ${paper.id} ${paper.title}\n`);
    return { channel, messageId: String(process.pid) };
  },
  post: async () => {
    throw new Error('not used by the daily post');
  },
};
const report = await runDailyTick(
  { store, library, bot: createPaperBot(library), adapters: new Map([['slack', adapter]]), logger: createLogger({ level: 'warn' }) },
  new Date(NOW!),
);
await store.close();
process.stdout.write(JSON.stringify(report));
