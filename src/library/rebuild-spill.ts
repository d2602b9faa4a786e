// A rebuild in bounded memory. Building the whole library in memory before the
// index file is written held every abstract (as a record) and every posting
// (as small per-term JS arrays, 16+ bytes a posting): 2.5 GB of RSS at 200k
// papers. A rebuild now takes checkpoints as it goes: the tail's postings are
// frozen into typed arrays (5 bytes a posting), and the records written so far
// go to a spill file beside the index file, read back from there (like the
// index file's own records) until the index file is written, which copies
// them from it in large runs.

import { closeSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { recordJson } from './library-file.js';
import { mergePostings } from './index/search-index.js';
import type { PaperLibrary, PaperRecord, RecordSource } from './library.js';
import type { PaperMeta } from './paper.js';
import type { ParsedDigest } from '../sources/digest/digest-types.js';

/** A checkpoint is due when the tail holds this many documents, or this share of those frozen, whichever is more. */
const CHECKPOINT_MIN_DOCS = 5_000;
const CHECKPOINT_SHARE = 0.025;

/** Whether the library's tail has grown enough for a {@link checkpoint}; `minDocs`: the least it takes (tests lower it). */
export function checkpointDue(library: PaperLibrary, minDocs = CHECKPOINT_MIN_DOCS): boolean {
  const { index } = library.state();
  return index.tailDocCount >= Math.max(minDocs, index.frozen.docCount * CHECKPOINT_SHARE);
}

/**
 * Freezes the library's tail into typed arrays and, with a spill, moves the
 * records of the documents added since the last checkpoint out of memory.
 * Search answers exactly as before: the frozen postings and the tail are
 * searched under one set of statistics.
 */
export function checkpoint(library: PaperLibrary, spill?: RecordSpill): void {
  const { index } = library.state();
  const written = spill ? spill.append(library) : new Map<string, PaperRecord>();
  const frozen = mergePostings(index.frozen, index.tailRuns(), index.vocabulary.size, index.docCount);
  library.adoptFile(spill ?? library.state().records ?? NO_RECORDS, frozen, written);
}

/**
 * The digest with its titles and abstracts as strings of their own. A parsed
 * paper's text is a slice of its whole file's text, and V8 keeps the file
 * alive for as long as any slice of it is: a title kept in the catalog (or a
 * long word kept in the vocabulary) held ~27 KB of digest each, 40 MB of heap
 * at 50k papers. Copying costs one pass over the text.
 */
export function detachedText(digest: ParsedDigest): ParsedDigest {
  const own = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
  return { ...digest, sections: digest.sections.map((sec) => ({ ...sec, papers: sec.papers.map((p) => ({ ...p, title: own(p.title), abstract: own(p.abstract) })) })) };
}

const NO_RECORDS: RecordSource = {
  read(doc, id) {
    throw new Error(`paper ${id} (document ${doc}) has no record`);
  },
};

/**
 * Records of a rebuild, appended in document order to a file of their own
 * (the index file's name plus `.<pid>.records.tmp`, deleted as soon as it is
 * open where the system allows, so a crash leaves nothing behind).
 */
export class RecordSpill implements RecordSource {
  readonly fd: number;
  readonly #path: string;
  #unlinked = false;
  /** Byte offset of each spilled document's record; [docs] is the end. */
  #offsets = new Float64Array(1025);
  #docs = 0;
  #bytes = 0;

  private constructor(path: string, fd: number) {
    this.#path = path;
    this.fd = fd;
    try {
      unlinkSync(path);
      this.#unlinked = true;
    } catch {
      // Deleted at close() instead.
    }
  }

  /** A spill beside `indexPath`, or undefined when none can be made (the rebuild then keeps records in memory). */
  static open(indexPath: string): RecordSpill | undefined {
    const path = `${indexPath}.${process.pid}.records.tmp`;
    try {
      mkdirSync(dirname(path), { recursive: true });
      return new RecordSpill(path, openSync(path, 'w+'));
    } catch {
      return undefined;
    }
  }

  /** Documents whose records are in the spill (numbers 0 to this, less one). */
  get docs(): number {
    return this.#docs;
  }

  /** Where the records are, as an index file write reads them (`IndexSnapshot.from`). */
  from(): { fd: number; regionAt: number; offsets: Float64Array } {
    return { fd: this.fd, regionAt: 0, offsets: this.#offsets.subarray(0, this.#docs + 1) };
  }

  /**
   * Writes the records of the documents added since the last call, in
   * document order (a replaced document gets an empty one), and returns them
   * by paper id for `PaperLibrary.adoptFile`.
   */
  append(library: PaperLibrary): Map<string, PaperRecord> {
    const { index, papers } = library.state();
    const from = this.#docs;
    const to = index.docCount;
    const byDoc = new Array<{ id: string; record: PaperRecord } | undefined>(to - from);
    for (const p of papers) if (p.record && p.doc >= from) byDoc[p.doc - from] = { id: p.id, record: p.record };
    if (to + 1 > this.#offsets.length) {
      const grown = new Float64Array(Math.max(to + 1, this.#offsets.length * 2));
      grown.set(this.#offsets);
      this.#offsets = grown;
    }
    const written = new Map<string, PaperRecord>();
    const pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = () => {
      const chunk = Buffer.concat(pending, pendingBytes);
      for (let done = 0; done < chunk.length; ) done += writeSync(this.fd, chunk, done, chunk.length - done, this.#bytes - pendingBytes + done);
      pending.length = 0;
      pendingBytes = 0;
    };
    for (let doc = from; doc < to; doc++) {
      this.#offsets[doc] = this.#bytes;
      const entry = byDoc[doc - from];
      if (!entry) continue;
      const bytes = Buffer.from(recordJson(entry.id, entry.record), 'utf8');
      pending.push(bytes);
      pendingBytes += bytes.length;
      this.#bytes += bytes.length;
      written.set(entry.id, entry.record);
      if (pendingBytes >= 1024 * 1024) flush();
    }
    if (pendingBytes > 0) flush();
    this.#offsets[to] = this.#bytes;
    this.#docs = to;
    return written;
  }

  read(doc: number, id: string): PaperRecord {
    if (doc >= this.#docs) throw new Error(`paper ${id} (document ${doc}) is not in the rebuild's records`);
    const start = this.#offsets[doc]!;
    const buffer = Buffer.allocUnsafe(this.#offsets[doc + 1]! - start);
    for (let done = 0; done < buffer.length; ) {
      const n = readSync(this.fd, buffer, done, buffer.length - done, start + done);
      if (n === 0) throw new Error(`the rebuild's records end early (document ${doc})`);
      done += n;
    }
    const raw = JSON.parse(buffer.toString('utf8')) as { id?: unknown; abstract: string; meta: PaperMeta };
    if (raw.id !== id) throw new Error(`the rebuild's record of document ${doc} is not paper ${id}'s`);
    return { abstract: raw.abstract, meta: raw.meta };
  }

  close(): void {
    closeSync(this.fd);
    if (!this.#unlinked) {
      try {
        unlinkSync(this.#path);
      } catch {
        // already gone
      }
    }
  }
}
