// The persisted library: one binary file in DATA_DIR (library-index.bin)
// holding the compact index (vocabulary, postings, document lengths), the
// catalog (each paper's id, title, appearances; the day listings) and every
// paper's record (abstract and metadata). Loading reads the index part with
// one read and views it in place (~29 MB at 50k papers, against 140 MB of
// minisearch JSON before); records are read from disk for the papers shown.
//
// A file is trusted only if it checks out: checksums over the index and the
// records, then its parts against each other (paper count, ids, documents,
// postings, record offsets). Any mismatch is an IndexMismatchError and the
// caller rebuilds; a corrupt file is never fatal.

import { randomBytes } from 'node:crypto';
import { readSync } from 'node:fs';
import { z } from 'zod';
import { DigestProblemSchema, type DigestProblem } from '../sources/digest/digest-types.js';
import { CorruptFileError, openSectionFile, readSectionFileHeader, readSections, sectionView, writeSectionFile, type SectionFile, type Span } from './index/binary-file.js';
import { ABSTRACT, mergePostings, SearchIndex, TITLE, type DocStats, type FrozenPostings, type TailRuns } from './index/search-index.js';
import { Vocabulary, type VocabularyShape } from './index/vocabulary.js';
import { catalogSections, readCatalog, type CatalogSections } from './catalog-sections.js';
import type { LibraryState, PaperLibrary, PaperRecord, RecordSource } from './library.js';
import type { PaperMeta } from './paper.js';

/** Bump when the file layout, the parser or the indexing rules change: older files are then rebuilt. */
export const INDEX_FORMAT = 2;
/** The file's name in DATA_DIR. */
export const INDEX_FILE = 'library-index.bin';

/** What the index was built from, to tell at start whether it still fits the digest folder. */
export const IndexKeySchema = z.object({
  /** Each digest file read into the index: name -> [size, modification time in ms]. */
  digests: z.record(z.string(), z.tuple([z.number(), z.number()])),
});
export type IndexKey = z.infer<typeof IndexKeySchema>;

/** What the caller stores beside the library. */
export interface IndexMeta {
  key: IndexKey;
  /** Digest files loaded (for the start-up line). */
  files: number;
  /** Problems of those files, shown again at every start until fixed. */
  problems: DigestProblem[];
}

const SpanSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
const HeaderSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  generation: z.string(),
  writtenAt: z.number(),
  key: IndexKeySchema,
  files: z.number().int().nonnegative(),
  problems: z.array(DigestProblemSchema),
  papers: z.number().int().nonnegative(),
  docs: z.number().int().nonnegative(),
  liveDocs: z.number().int().nonnegative(),
  terms: z.number().int().nonnegative(),
  avgLength: z.tuple([z.number(), z.number()]),
  layout: z.object({ sections: z.record(z.string(), SpanSchema), region: SpanSchema, crc: z.tuple([z.number(), z.number()]) }),
});
type Header = z.infer<typeof HeaderSchema>;

/** A file whose parts disagree with each other, or that is not a readable index. */
export class IndexMismatchError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'IndexMismatchError';
  }
}

/** A file of an older format (or none of ours): rebuilt without a warning. */
export class IndexFormatError extends Error {
  constructor(found: unknown) {
    super(`index format ${String(found)}, expected ${INDEX_FORMAT}`);
    this.name = 'IndexFormatError';
  }
}

/**
 * Everything a file write needs, as plain data (structured-cloneable), so a
 * worker thread can write it while the bot keeps answering.
 */
export interface IndexSnapshot {
  /** Terms in id order: all of them, or with `from.postings` only those after the open file's. */
  terms: string[];
  /** The vocabulary tree's shape when at hand (a save on the main thread); a worker builds it from `terms`. */
  shape?: VocabularyShape;
  /** Postings frozen so far; absent when they are the open file's (`from.postings`), which the writer reads itself. */
  frozen?: FrozenPostings;
  tail: TailRuns;
  docCount: number;
  liveCount: number;
  avgLength: [number, number];
  lengths: [Uint32Array, Uint32Array];
  deleted: Uint8Array;
  /** The catalog's sections (catalog-sections.ts). */
  catalog: CatalogSections;
  /** Acronym pairs learned from the papers' text, as index terms. */
  acronyms: readonly (readonly [string, readonly string[]])[];
  papers: number;
  /** Records given here (new or changed papers), by document. */
  records: [number, string][];
  /**
   * The open index file (its descriptor works in a worker thread too): where
   * the records not given here are, and, when the library still searches its
   * postings, where those and the terms are (so they are not copied to the worker).
   */
  from?: { fd: number; regionAt: number; offsets: Float64Array; postings?: { sections: Record<string, Span>; crc: number; termCount: number; docCount: number } };
  meta: IndexMeta;
}

/** The library's state as an {@link IndexSnapshot}; `records` gives a paper's record JSON when it is in memory. */
export function snapshotLibrary(library: PaperLibrary, meta: IndexMeta, from?: IndexSnapshot['from']): { snapshot: IndexSnapshot; written: Map<string, PaperRecord> } {
  const { index, papers, days, acronyms } = library.state();
  const records: [number, string][] = [];
  const written = new Map<string, PaperRecord>();
  for (const p of papers) {
    if (!p.record) continue;
    records.push([p.doc, recordJson(p.id, p.record)]);
    written.set(p.id, p.record);
  }
  const stats = index.stats();
  const postings = from?.postings;
  const snapshot: IndexSnapshot = {
    terms: postings ? [...index.vocabulary.termsFrom(postings.termCount)] : [...index.vocabulary.terms()],
    ...(postings ? {} : { frozen: index.frozen }),
    tail: index.tailRuns(),
    docCount: stats.docCount,
    liveCount: stats.liveCount,
    avgLength: stats.avgLength,
    lengths: [stats.lengths[0].slice(0, stats.docCount), stats.lengths[1].slice(0, stats.docCount)],
    deleted: stats.deleted.slice(0, stats.docCount),
    catalog: catalogSections(papers, days),
    acronyms: acronyms ?? [],
    papers: papers.length,
    records,
    ...(from ? { from } : {}),
    meta,
  };
  return { snapshot, written };
}

/** A paper's record as the index file (and a rebuild's spill) stores it. */
export function recordJson(id: string, record: PaperRecord): string {
  return JSON.stringify({ id, abstract: record.abstract, meta: record.meta });
}

/** Writes a snapshot to `path` (the caller renames it into place). Returns the file's generation. */
export function writeIndexFile(path: string, snap: IndexSnapshot): string {
  let old = snap.frozen;
  let terms = snap.terms;
  if (!old) {
    // The postings and terms the library searches are the open file's: read them from it.
    const p = snap.from!.postings!;
    const buffer = readSections(snap.from!.fd, p.sections, p.crc);
    const view = <T extends ArrayBufferView>(name: string, make: (b: ArrayBuffer, o: number, n: number) => T, unit: number) => sectionView(buffer, p.sections, name, make, unit);
    old = frozenFromSections(view, p.termCount, p.docCount);
    const bytes = view('terms', (b, o, n) => new Uint8Array(b, o, n), 1);
    terms = [...(p.termCount === 0 ? [] : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le').split('\n')), ...snap.terms];
  }
  // Postings that already cover every term and document (a rebuild froze its tail last) are written as
  // they are: merging would copy them, the largest part of the file, once more.
  const covered = snap.tail[TITLE].length === 0 && snap.tail[ABSTRACT].length === 0 && old.termCount === terms.length && old.docCount === snap.docCount;
  const frozen = covered ? old : mergePostings(old, snap.tail, terms.length, snap.docCount);
  const shape = snap.shape ?? Vocabulary.from(terms).shape();
  const overflow: number[] = [];
  for (const field of [TITLE, ABSTRACT] as const) for (const [pos, tf] of frozen.overflow[field]) overflow.push(field, pos, tf);
  const offsets = new Float64Array(snap.docCount + 1);
  const inline = new Map(snap.records);
  const generation = randomBytes(8).toString('hex');
  const header = {
    format: INDEX_FORMAT,
    generation,
    writtenAt: Date.now(),
    ...snap.meta,
    papers: snap.papers,
    docs: snap.docCount,
    liveDocs: snap.liveCount,
    terms: terms.length,
    avgLength: snap.avgLength,
  };
  // The record offsets are a section, and sections precede the records: measure every record first
  // (records in memory are encoded once; the others are copied byte for byte from the old file).
  const encoded = new Map<number, Buffer>();
  for (const [doc, json] of inline) encoded.set(doc, Buffer.from(json, 'utf8'));
  let at = 0;
  for (let doc = 0; doc < snap.docCount; doc++) {
    offsets[doc] = at;
    if (snap.deleted[doc] === 1) continue;
    const mine = encoded.get(doc);
    if (mine) at += mine.length;
    else if (snap.from && doc + 1 < snap.from.offsets.length) at += snap.from.offsets[doc + 1]! - snap.from.offsets[doc]!;
    else throw new Error(`writeIndexFile: no record for document ${doc}`);
  }
  offsets[snap.docCount] = at;
  const sections: [string, ArrayBufferView][] = [
    // UTF-16: a radix tree edge may end inside a surrogate pair, and a term may hold a lone one.
    ['terms', Buffer.from(terms.join('\n'), 'utf16le')],
    ['vocabulary.walk', shape.walk],
    ['vocabulary.edges', Buffer.from(shape.edges, 'utf16le')],
    ['title.offsets', frozen.offsets[TITLE]],
    ['title.docs', frozen.docs[TITLE]],
    ['title.tfs', frozen.tfs[TITLE]],
    ['abstract.offsets', frozen.offsets[ABSTRACT]],
    ['abstract.docs', frozen.docs[ABSTRACT]],
    ['abstract.tfs', frozen.tfs[ABSTRACT]],
    ['overflow', Uint32Array.from(overflow)],
    ['title.lengths', snap.lengths[TITLE]],
    ['abstract.lengths', snap.lengths[ABSTRACT]],
    ['deleted', snap.deleted],
    ['record.offsets', offsets],
    ...snap.catalog,
    // One pair a line: the acronym, a tab, its expansion's terms (terms hold no whitespace).
    ['acronyms', Buffer.from(snap.acronyms.map(([a, e]) => `${a}\t${e.join(' ')}`).join('\n'), 'utf8')],
  ];
  writeSectionFile(path, sections, (put) => {
    // Records in document order; runs of records from the old file are copied in large reads.
    const from = snap.from;
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    const copy = (start: number, end: number) => {
      for (let p = start; p < end; ) {
        const n = Math.min(chunk.length, end - p);
        readInto(from!.fd, chunk.subarray(0, n), from!.regionAt + p);
        put(chunk.subarray(0, n));
        p += n;
      }
    };
    let runStart = -1;
    let runEnd = -1;
    for (let doc = 0; doc < snap.docCount; doc++) {
      if (snap.deleted[doc] === 1) continue;
      const mine = encoded.get(doc);
      if (mine) {
        if (runStart !== -1) copy(runStart, runEnd);
        runStart = -1;
        put(mine);
      } else {
        const start = from!.offsets[doc]!;
        const end = from!.offsets[doc + 1]!;
        if (runStart !== -1 && start === runEnd) runEnd = end;
        else {
          if (runStart !== -1) copy(runStart, runEnd);
          runStart = start;
          runEnd = end;
        }
      }
    }
    if (runStart !== -1) copy(runStart, runEnd);
  }, header);
  return generation;
}

/** The postings sections of a file as FrozenPostings (views, no copy). */
function frozenFromSections(
  view: <T extends ArrayBufferView>(name: string, make: (b: ArrayBuffer, o: number, n: number) => T, unit: number) => T,
  termCount: number,
  docCount: number,
): FrozenPostings {
  const u32 = (name: string) => view(name, (b, o, n) => new Uint32Array(b, o, n), 4);
  const u8 = (name: string) => view(name, (b, o, n) => new Uint8Array(b, o, n), 1);
  const frozen: FrozenPostings = {
    termCount,
    docCount,
    offsets: [u32('title.offsets'), u32('abstract.offsets')],
    docs: [u32('title.docs'), u32('abstract.docs')],
    tfs: [u8('title.tfs'), u8('abstract.tfs')],
    overflow: [new Map(), new Map()],
  };
  const overflow = u32('overflow');
  for (let i = 0; i + 2 < overflow.length; i += 3) frozen.overflow[overflow[i] === TITLE ? TITLE : ABSTRACT].set(overflow[i + 1]!, overflow[i + 2]!);
  return frozen;
}

/** Reads back a file just written, checking its sections' checksum: the bytes a reopen can use as they are. */
export function readBackSections(path: string): Buffer {
  const file = openSectionFile(path, (raw) => HeaderSchema.parse(raw));
  file.close();
  return file.buffer;
}

function readInto(fd: number, buffer: Buffer, position: number): void {
  let done = 0;
  while (done < buffer.length) {
    const n = readSync(fd, buffer, done, buffer.length - done, position + done);
    if (n === 0) throw new CorruptFileError('the old index file ends early');
    done += n;
  }
}

/** An index file opened and checked: the library state it holds, and its metadata. */
export interface OpenedIndex {
  state: LibraryState;
  meta: IndexMeta;
  generation: string;
  file: SectionFile;
  /** Record offsets by document (for a later fold that copies them). */
  recordOffsets: Float64Array;
}

/** Reads just the metadata of an index file of this format (what it was built from, when the rest is unusable), or undefined. */
export function readIndexMeta(path: string): IndexMeta | undefined {
  try {
    const h = z.object({ format: z.literal(INDEX_FORMAT), key: IndexKeySchema, files: z.number().int().nonnegative(), problems: z.array(DigestProblemSchema) }).parse(readSectionFileHeader(path));
    return { key: h.key, files: h.files, problems: h.problems };
  } catch {
    return undefined;
  }
}

/**
 * Opens and checks an index file. Throws IndexFormatError for another format,
 * IndexMismatchError (with what disagrees) for anything else wrong; a missing
 * file throws the ENOENT error.
 */
export function openIndexFile(path: string, opts: { reopen?: boolean; sections?: Buffer } = {}): OpenedIndex {
  let file: SectionFile;
  try {
    file = openSectionFile(path, (raw) => {
      const format = (raw as { format?: unknown } | null)?.format;
      if (format !== INDEX_FORMAT) throw new IndexFormatError(format);
      const parsed = HeaderSchema.safeParse(raw);
      if (!parsed.success) throw new IndexMismatchError(`a bad header (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
      return parsed.data;
    }, opts.sections ? { sections: opts.sections } : {});
  } catch (err) {
    if (err instanceof CorruptFileError) throw new IndexMismatchError(err.message);
    throw err;
  }
  try {
    return checked(file, file.header as unknown as Header, opts.reopen ?? false);
  } catch (err) {
    file.close();
    if (err instanceof CorruptFileError) throw new IndexMismatchError(err.message);
    throw err;
  }
}

/** The records of an open file, read from disk by document. */
function recordSource(file: SectionFile, recordOffsets: Float64Array): RecordSource {
  return {
    read(doc, id) {
      const start = recordOffsets[doc]!;
      const raw = JSON.parse(file.readRegion(start, recordOffsets[doc + 1]! - start).toString('utf8')) as { id?: unknown; abstract?: unknown; meta?: unknown };
      if (raw.id !== id || typeof raw.abstract !== 'string' || typeof raw.meta !== 'object' || raw.meta === null) {
        throw new IndexMismatchError(`the record of search document ${doc} is not paper ${id}'s`);
      }
      return { abstract: raw.abstract, meta: raw.meta as PaperMeta };
    },
  };
}

/**
 * Reopens a file this process just wrote with `frozen` as its postings (a
 * save after a rebuild): only the record offsets are read, so the postings,
 * the largest part of the file, are not held twice (the library keeps
 * searching the arrays it wrote). Throws like {@link openIndexFile}.
 */
export function reopenWritten(path: string, frozen: FrozenPostings, stats: DocStats): OpenedIndex {
  const file = openSectionFile(path, (raw) => HeaderSchema.parse(raw), { skipSections: true });
  try {
    const header = file.header as unknown as Header;
    const span = header.layout.sections['record.offsets'];
    if (!span || span[1] !== (header.docs + 1) * 8 || header.docs !== frozen.docCount || header.terms !== frozen.termCount) throw new IndexMismatchError('the file just written holds other postings');
    const recordOffsets = new Float64Array(header.docs + 1);
    readInto(file.fd, Buffer.from(recordOffsets.buffer), span[0]);
    const index = new SearchIndex({ frozen, stats });
    const meta = { key: header.key, files: header.files, problems: header.problems };
    return { state: { index, papers: [], days: new Map(), records: recordSource(file, recordOffsets) }, meta, generation: header.generation, file, recordOffsets };
  } catch (err) {
    file.close();
    throw err;
  }
}

/**
 * The file's parts, checked against each other. `reopen`: a file this process
 * just wrote and swaps in while answering, so only what the swap needs (the
 * postings and record offsets, whose checksum was checked) is read.
 */
function checked(file: SectionFile, header: Header, reopen: boolean): OpenedIndex {
  const fail = (detail: string): never => {
    throw new IndexMismatchError(detail);
  };
  const u32 = (name: string) => file.section(name, (b, o, n) => new Uint32Array(b, o, n), 4);
  const u8 = (name: string) => file.section(name, (b, o, n) => new Uint8Array(b, o, n), 1);
  const text = (name: string) => Buffer.from(u8(name)).toString('utf8');
  const { docs: docCount, terms: termCount, papers: paperCount } = header;

  const utf16 = (name: string) => {
    const bytes = u8(name);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le');
  };

  const frozen = frozenFromSections(file.section, termCount, docCount);
  for (const field of reopen ? [] : ([TITLE, ABSTRACT] as const)) {
    const offsets = frozen.offsets[field];
    const docs = frozen.docs[field];
    if (offsets.length !== termCount + 1 || offsets[0] !== 0 || offsets[termCount] !== docs.length || frozen.tfs[field].length !== docs.length) {
      fail('postings that do not cover the vocabulary');
    }
    for (let t = 0; t < termCount; t++) {
      const start = offsets[t]!;
      const end = offsets[t + 1]!;
      if (end < start) fail('postings out of order');
      for (let i = start; i < end; i++) {
        const d = docs[i]!;
        if (d >= docCount || (i > start && d <= docs[i - 1]!)) fail(`postings of term ${t} name a paper the index does not hold`);
      }
    }
  }
  const lengths: [Uint32Array, Uint32Array] = [u32('title.lengths'), u32('abstract.lengths')];
  const deleted = u8('deleted');
  if (lengths[0].length !== docCount || lengths[1].length !== docCount || deleted.length !== docCount) fail('document lengths for another number of papers');
  let deletedCount = 0;
  for (let d = 0; d < docCount; d++) deletedCount += deleted[d]!;
  if (docCount - deletedCount !== header.liveDocs) fail(`${docCount - deletedCount} searchable papers, the header says ${header.liveDocs}`);
  const recordOffsets = file.section('record.offsets', (b, o, n) => new Float64Array(b, o, n), 8);
  if (recordOffsets.length !== docCount + 1 || recordOffsets[docCount] !== header.layout.region[1]) fail('record offsets for another number of papers');
  for (let d = 0; d < docCount; d++) if (!(recordOffsets[d + 1]! >= recordOffsets[d]!)) fail('record offsets out of order');

  const records = recordSource(file, recordOffsets);
  const meta = { key: header.key, files: header.files, problems: header.problems };
  if (reopen) {
    const index = new SearchIndex({ frozen, stats: { docCount, lengths, deleted, liveCount: header.liveDocs, avgLength: header.avgLength } });
    return { state: { index, papers: [], days: new Map(), records }, meta, generation: header.generation, file, recordOffsets };
  }

  const { papers, days } = readCatalog(
    { u32, u8, utf16, f64: (name) => file.section(name, (b, o, n) => new Float64Array(b, o, n), 8) },
    { papers: paperCount, docs: docCount, deleted },
    fail,
  );
  if (paperCount !== header.liveDocs) fail(`${paperCount} papers, ${header.liveDocs} in the search index`);

  // Last, the records: their checksum, and that each begins with its paper's id, read in pieces
  // (they are not kept in memory).
  const idAt = new Array<string | undefined>(docCount);
  for (const p of papers) idAt[p.doc] = p.id;
  const prefix = (id: string) => `{"id":"${id}"`;
  const PREFIX = prefix('000000000000').length;
  let next = 0;
  const misplaced = (doc: number, head: string) => fail(`the record of search document ${doc} is not paper ${idAt[doc]}'s (it starts ${JSON.stringify(head.slice(0, PREFIX))})`);
  try {
    file.verifyRegion((piece, at) => {
      for (; next < docCount; next++) {
        if (idAt[next] === undefined) continue;
        const start = recordOffsets[next]! - at;
        if (start + PREFIX > piece.length) {
          // A record whose beginning straddles two pieces is read on its own.
          if (start < piece.length) {
            const head = file.readRegion(recordOffsets[next]!, Math.min(PREFIX, header.layout.region[1] - recordOffsets[next]!)).toString('latin1');
            if (head !== prefix(idAt[next]!)) misplaced(next, head);
            continue;
          }
          return;
        }
        const head = piece.toString('latin1', start, start + PREFIX);
        if (head !== prefix(idAt[next]!)) misplaced(next, head);
      }
    });
  } catch (err) {
    if (err instanceof IndexMismatchError) throw err;
    fail(err instanceof Error ? err.message : String(err));
  }
  for (; next < docCount; next++) if (idAt[next] !== undefined) fail(`search document ${next} has no record`);

  let vocabulary: Vocabulary;
  try {
    const terms = () => {
      const list = termCount === 0 ? [] : utf16('terms').split('\n');
      if (list.length !== termCount) throw new IndexMismatchError(`${list.length} terms, the header says ${termCount}`);
      return list;
    };
    vocabulary = Vocabulary.fromShape({ walk: u32('vocabulary.walk'), edges: utf16('vocabulary.edges') }, termCount, terms);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  const index = new SearchIndex({
    vocabulary,
    frozen,
    stats: { docCount, lengths, deleted, liveCount: header.liveDocs, avgLength: header.avgLength },
  });
  const acronyms = text('acronyms')
    .split('\n')
    .filter(Boolean)
    .map((line): [string, string[]] => {
      const [acronym, expansion] = line.split('\t');
      if (!acronym || !expansion) fail('an acronym line without its expansion');
      return [acronym!, expansion!.split(' ')];
    });
  return {
    state: { index, papers, days, records, acronyms },
    meta,
    generation: header.generation,
    file,
    recordOffsets,
  };
}
