// Worker thread: writes an index file from a snapshot of the library (see
// library-index.ts), so merging postings and copying records never blocks the
// thread that answers commands.

import { parentPort, workerData } from 'node:worker_threads';
import { writeIndexFile, type IndexSnapshot } from './library-file.js';

const { path, snapshot } = workerData as { path: string; snapshot: IndexSnapshot };
try {
  parentPort!.postMessage({ ok: true, generation: writeIndexFile(path, snapshot) });
} catch (err) {
  parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
