// Worker thread: writes an index file from a snapshot of the library (see
// library-index.ts), so merging postings and copying records never blocks the
// thread that answers commands. It then reads the file's sections back and
// checks them, and hands that buffer over (transferred, not copied): the
// answering thread searches it without reading the file again.

import { parentPort, workerData } from 'node:worker_threads';
import { readBackSections, writeIndexFile, type IndexSnapshot } from './library-file.js';

const { path, snapshot } = workerData as { path: string; snapshot: IndexSnapshot };
try {
  const generation = writeIndexFile(path, snapshot);
  const sections = readBackSections(path);
  const buffer = sections.buffer as ArrayBuffer;
  parentPort!.postMessage({ ok: true, generation, sections: buffer }, [buffer]);
} catch (err) {
  parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
