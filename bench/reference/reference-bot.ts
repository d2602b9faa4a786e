// Today's bot start, for the bench's side-by-side cold start: what src/main.ts
// did before the compact index, in the console. It imported both platform
// adapters whatever the configuration, opened the store, loaded minisearch's
// JSON cache (or read every digest and wrote it), then answered. Run with
// `node --max-semi-space-size=64 --import tsx`, as `npm start` was.
// Environment: DIGEST_DIR, DATA_DIR.

import '../../adapters/discord/discord-adapter.js';
import '../../adapters/slack/slack-adapter.js';
import { join } from 'node:path';
import { createConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { createPaperBot } from '../../src/commands/answer.js';
import type { PaperLibrary } from '../../src/library/library.js';
import { loadDigestDir } from '../../src/sources/digest/load-digest-dir.js';
import { DB_FILE, openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { digestFingerprint, loadLibraryCache, saveLibraryCache } from './reference-cache.js';
import { ReferenceLibrary } from './reference-library.js';

const started = performance.now();
const dir = process.env.DIGEST_DIR!;
const data = process.env.DATA_DIR!;
const store = openSqliteStore(join(data, DB_FILE));
const library = new ReferenceLibrary();
const file = join(data, 'library-index.json');
const fingerprint = await digestFingerprint(dir);
const warn = (m: string) => process.stderr.write(`warn: ${m}\n`);
const hit = await loadLibraryCache(library, file, fingerprint, warn);
if (!hit) {
  const { digests, problems } = await loadDigestDir(dir, new Date());
  for (const d of digests) library.addDigest(d);
  await saveLibraryCache(library, file, { fingerprint, files: digests.length, problems });
}
process.stderr.write(`Loaded ${library.size} papers in ${Math.round(performance.now() - started)} ms${hit ? ' from the index cache' : ''}\n`);
const bot = createPaperBot(library as unknown as PaperLibrary);
const console = createConsoleAdapter({ bot, input: process.stdin, output: process.stdout, interactive: false });
await console.start();
await console.finished;
await store.close();
