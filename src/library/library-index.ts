// The running library's index file: opened at start, written after a rebuild,
// and kept current while the bot runs. Papers that arrive while running (a new
// digest, a fetched day, a changed abstract) go into the index's in-memory
// tail and are searchable at once; a fold writes them into a new file from a
// worker thread (no rebuild, and no pause, on the thread that answers) when
// the tail has grown, and once after a start that added papers. The next
// start then loads them with the rest.

import { mkdirSync, renameSync, unlinkSync } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DIGEST_FILE } from '../sources/digest/load-digest-dir.js';
import type { Logger } from '../ops/logger.js';
import { openIndexFile, reopenWritten, snapshotLibrary, writeIndexFile, type IndexKey, type IndexMeta, type IndexSnapshot, type OpenedIndex } from './library-file.js';
import type { PaperLibrary } from './library.js';
import { checkpoint, type RecordSpill } from './rebuild-spill.js';

/** Fold when the tail holds this many documents, or this share of the library, whichever is more. */
const FOLD_MIN_DOCS = 500;
const FOLD_SHARE = 0.01;
/** How often the tail's size is checked. */
const CHECK_MS = 60_000;

/**
 * The digest folder as the index key records it: each digest file's name,
 * size and modification time. Undefined when the folder cannot be read.
 */
export async function digestManifest(dir: string): Promise<IndexKey['digests'] | undefined> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => DIGEST_FILE.test(n) && !n.startsWith('.')).sort();
  } catch {
    return undefined;
  }
  const infos = await Promise.all(names.map((n) => stat(join(dir, n)).catch(() => undefined)));
  const manifest: IndexKey['digests'] = {};
  names.forEach((n, i) => {
    const info = infos[i];
    if (info?.isFile()) manifest[n] = [info.size, info.mtimeMs];
  });
  return manifest;
}

/**
 * Deletes `<file>.<pid>.tmp` files left by a write that was interrupted (a
 * crash, a full disk). A file whose pid is a live process is kept: another
 * bot on the same data folder may be writing it right now.
 */
export async function removeStaleTemporaries(file: string): Promise<void> {
  const prefix = `${basename(file)}.`;
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    // `<file>.<pid>.tmp` (a write) and `<file>.<pid>.records.tmp` (a rebuild's spill, rebuild-spill.ts).
    const pid = name.startsWith(prefix) ? Number(/^(\d+)(?:\.records)?\.tmp$/.exec(name.slice(prefix.length))?.[1] ?? NaN) : NaN;
    if (!Number.isInteger(pid) || isAlive(pid)) continue;
    await unlink(join(dirname(file), name)).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The index file of a running library. */
export class LibraryIndexFile {
  readonly path: string;
  readonly #library: PaperLibrary;
  readonly #logger: Logger;
  #meta: IndexMeta;
  #opened: OpenedIndex | undefined;
  #folding: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** A rebuild's records until the first save (rebuild-spill.ts). */
  #spill: RecordSpill | undefined;

  constructor(opts: { path: string; library: PaperLibrary; logger: Logger; meta: IndexMeta; opened?: OpenedIndex; spill?: RecordSpill }) {
    this.#spill = opts.spill;
    this.path = opts.path;
    this.#library = opts.library;
    this.#logger = opts.logger;
    this.#meta = opts.meta;
    this.#opened = opts.opened;
  }

  /** Digest files and problems recorded with the index (new digests read while running add theirs). */
  get meta(): IndexMeta {
    return this.#meta;
  }

  set meta(meta: IndexMeta) {
    this.#meta = meta;
  }

  /**
   * Writes the whole library now, on this thread (after a rebuild, before the
   * bot answers), then reads records and postings from the file, freeing the
   * memory that held them.
   */
  save(): void {
    // After a rebuild: the last papers' postings frozen and their records spilled too, so the write copies
    // the frozen postings as they are and the records in large runs.
    if (this.#spill) checkpoint(this.#library, this.#spill);
    const { snapshot, written } = snapshotLibrary(this.#library, this.#meta, this.#from());
    snapshot.shape = this.#library.state().index.vocabulary.shape();
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const generation = writeIndexFile(tmp, snapshot);
      renameSync(tmp, this.path);
      // Postings written as they are (a rebuild's last checkpoint froze them all) are not read back.
      const index = this.#library.state().index;
      const keep = snapshot.frozen && snapshot.tail[0].length === 0 && snapshot.tail[1].length === 0 && snapshot.frozen.termCount === snapshot.terms.length && snapshot.frozen.docCount === snapshot.docCount;
      this.#swap(generation, written, undefined, keep ? () => reopenWritten(this.path, index.frozen, index.stats()) : undefined);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing was written
      }
      throw err;
    }
  }

  /**
   * Writes the library into a new file from a worker thread, then swaps it in.
   * Papers that arrive meanwhile stay in the tail for the next fold. Failures
   * are logged: the bot keeps answering from memory and the old file.
   */
  fold(): Promise<void> {
    // After close() nothing new is started: the process is about to exit and would cut the write short.
    if (this.#closed) return this.#folding ?? Promise.resolve();
    this.#folding ??= this.#foldInWorker()
      .catch((err: unknown) => this.#logger.warn(`could not update the index file ${this.path} (${err instanceof Error ? err.message : String(err)}); new papers stay in memory and are indexed again at the next start`))
      .finally(() => (this.#folding = undefined));
    return this.#folding;
  }

  /**
   * Folds whatever the file does not hold yet (after a backfill, say): waits
   * for a fold under way first, since it may have started before the last
   * papers arrived and would leave them in the tail.
   */
  foldPending(): Promise<void> {
    const pending = () => !this.#closed && (this.#library.state().index.tailDocCount > 0 || this.#library.unsavedCount > 0);
    // Started at once when nothing is under way, so a close() right after waits for it.
    if (!this.#folding) return pending() ? this.fold() : Promise.resolve();
    return this.#folding.then(() => (pending() ? this.fold() : undefined));
  }

  /** Checks every minute whether the tail has grown enough to fold; the timer never keeps the process alive. */
  watch(): void {
    this.#timer ??= setInterval(() => {
      const tail = this.#library.state().index.tailDocCount;
      if (tail >= Math.max(FOLD_MIN_DOCS, this.#library.size * FOLD_SHARE)) void this.fold();
    }, CHECK_MS).unref();
  }

  /** Stops watching and waits for a fold under way. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#folding;
  }

  async #foldInWorker(): Promise<void> {
    const started = performance.now();
    const { snapshot, written } = snapshotLibrary(this.#library, this.#meta, this.#from());
    const tmp = `${this.path}.${process.pid}.tmp`;
    // The snapshot and starting the worker each take tens of ms at 50k papers: a turn of the event
    // loop in between lets waiting commands run (setImmediate would not let timers in).
    await new Promise((resolve) => setTimeout(resolve, 0));
    const { generation, sections } = await runFoldWorker(tmp, snapshot);
    renameSync(tmp, this.path);
    this.#swap(generation, written, sections);
    this.#logger.debug(`Updated the index file ${this.path}: ${snapshot.papers} papers in ${Math.round(performance.now() - started)} ms`);
  }

  /**
   * Reads back the file just written and searches its postings, reads its
   * records. `sections`: its sections as the worker read and checked them
   * (handed over, not copied), so this thread does not read them again.
   */
  #swap(generation: string, written: Parameters<PaperLibrary['adoptFile']>[2], sections?: Buffer, reopen?: () => OpenedIndex): void {
    const next = reopen ? reopen() : openIndexFile(this.path, { reopen: true, ...(sections ? { sections } : {}) });
    if (next.generation !== generation) {
      // Another bot on the same data folder wrote after us: keep ours in memory, theirs on disk.
      next.file.close();
      return;
    }
    this.#library.adoptFile(next.state.records!, next.state.index.frozen, written);
    this.#library.state().index.releaseIndexingMemory();
    this.#opened?.file.close();
    this.#opened = next;
    // The records are the file's now.
    this.#spill?.close();
    this.#spill = undefined;
  }

  #from(): IndexSnapshot['from'] {
    const o = this.#opened;
    if (!o) return this.#spill?.from();
    const { sections, region, crc } = o.file.header.layout;
    const frozen = this.#library.state().index.frozen;
    // While the library searches the open file's postings, the writer reads them (and the terms) from it.
    const postings = frozen === o.state.index.frozen ? { sections, crc: crc[0], termCount: frozen.termCount, docCount: frozen.docCount } : undefined;
    return { fd: o.file.fd, regionAt: region[0], offsets: o.recordOffsets, ...(postings ? { postings } : {}) };
  }
}

/** Runs library-file.ts's writeIndexFile in a worker thread; resolves to the file's generation and its checked sections. */
function runFoldWorker(path: string, snapshot: IndexSnapshot): Promise<{ generation: string; sections: Buffer }> {
  const ext = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./fold-worker${ext}`, import.meta.url);
  // Run from source (npm start, vitest, the bench) the worker is a .ts file: a worker does not
  // inherit tsx's loader (Node 20), so a small bootstrap registers it first.
  const worker =
    ext === '.ts'
      ? new Worker(`import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, workerData: { path, snapshot } })
      : new Worker(entry, { workerData: { path, snapshot } });
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { ok: true; generation: string; sections: ArrayBuffer } | { ok: false; message: string }) =>
      m.ok ? resolve({ generation: m.generation, sections: Buffer.from(m.sections) }) : reject(new Error(m.message)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the index worker exited with ${code}`)));
  });
}

/** Where tsx's registration API is (resolved from this module, not the working directory, where possible). */
function tsxApi(): string {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  return typeof resolve === 'function' ? resolve('tsx/esm/api') : 'tsx/esm/api';
}
