import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { IndexFormatError, IndexMismatchError, openIndexFile, readIndexMeta, type IndexMeta, type OpenedIndex } from '../../library/library-file.js';
import { digestManifest, LibraryIndexFile, removeStaleTemporaries } from '../../library/library-index.js';
import { DIGEST_FILE, readDigestFiles, unreadableFolderProblem } from './load-digest-dir.js';
import type { PaperLibrary } from '../../library/library.js';
import { checkpoint, checkpointDue, detachedText, RecordSpill } from '../../library/rebuild-spill.js';
import type { Logger } from '../../ops/logger.js';
import { createIngestSink, type IngestSink, type SourceIntake } from '../ingest-sink.js';
import { countProblems, formatProblem, type DigestProblem, type ParsedDigest } from './digest-types.js';

/** What loading the digest folder did, for the progress line and tests. */
export interface IngestReport {
  /** Digest files read with at least one dated section. */
  files: number;
  /** Entries in the folder that were not loaded (unreadable, not text, no date line). */
  skipped: number;
  papers: number;
  days: number;
  errors: number;
  warnings: number;
  millis: number;
  /** True when the library came from the persisted index instead of a rebuild. */
  fromCache: boolean;
  /** Files that had an error (unreadable, or some of their papers could not be loaded). */
  problemFiles: string[];
  /** The index file, kept current while the bot runs (none without `cacheFile`). */
  index?: LibraryIndexFile;
}

/** The index file of the format before this one (minisearch's JSON, ~140 MB at 50k papers): deleted. */
const LEGACY_INDEX = 'library-index.json';
const PROGRESS_MS = 2_000;
/** Digest files a rebuild reads (or takes from the store) at once: a few MB of text. */
const BATCH_FILES = 16;

/**
 * Loads the library: from the persisted index (`cacheFile`) when it checks
 * out and no digest file changed since it was written, plus any new digest
 * files; otherwise rebuilt, taking each digest that did not change from the
 * store's archive (`archived`) and reading only the others. Logs each problem
 * (errors and warnings are shown, never hidden) and one line at the end.
 */
export async function ingestDigestDir(
  library: PaperLibrary,
  dir: string,
  opts: {
    now: Date;
    logger: Logger;
    /** The persisted index file; none when absent. */
    cacheFile?: string;
    /**
     * Where the digests go (src/sources/ingest-sink.ts), over `library`: those
     * read from the folder are kept in the store, those taken from it are not.
     * Without one, they are only indexed.
     */
    sink?: IngestSink;
    /** Archived copies of digest files (the store), used by a rebuild for files that did not change. */
    archived?: (files: string[]) => Promise<ParsedDigest[]>;
    /** The names of the archived digests (asked once, so a rebuild can say up front what comes from where). */
    archivedFiles?: () => Promise<string[]>;
    /** Documents a rebuild indexes between two checkpoints at least (rebuild-spill.ts; tests lower it). */
    checkpointDocs?: number;
    /**
     * Adds papers kept elsewhere (archived digests of files now missing or
     * broken, days fetched from the live source) after the folder or the index
     * is loaded; resolves to how many papers it added. They are written to the
     * index file in the background, so the next start finds them in it.
     */
    afterLoad?: (problemFiles: readonly string[]) => Promise<number>;
  },
): Promise<IngestReport> {
  const started = performance.now();
  const { logger, cacheFile } = opts;
  const sink = opts.sink ?? createIngestSink({ library, logger });
  if (sink.library !== library) throw new Error('ingestDigestDir: the sink adds to another library than the one loaded');
  const intake = { read: sink.source('digest-folder'), archived: sink.source('digest-archived') };
  if (cacheFile !== undefined) {
    await removeStaleTemporaries(cacheFile);
    if (basename(cacheFile) !== LEGACY_INDEX) await unlink(join(dirname(cacheFile), LEGACY_INDEX)).catch(() => undefined);
  }
  const manifest = await digestManifest(dir);
  const { opened, known, why } = cacheFile === undefined ? { opened: undefined, known: undefined, why: undefined } : openIndex(cacheFile, logger);
  const changed = opened && manifest ? Object.keys(manifest).filter((n) => isChanged(opened.meta, n, manifest[n]!)) : [];

  let files: number;
  let skipped = 0;
  let problems: DigestProblem[];
  let fromCache = false;
  let spill: RecordSpill | undefined;
  const parse = (names: string[]) => readDigestFiles(dir, names, opts.now);
  if (opened && manifest && changed.length === 0) {
    library.restore(opened.state);
    fromCache = true;
    // Digest files added since the index was written join it (and its tail) without a rebuild.
    const added = await parse(Object.keys(manifest).filter((n) => opened.meta.key.digests[n] === undefined));
    for (const digest of added) await intake.read.add(digest);
    files = opened.meta.files + added.filter((d) => d.sections.length > 0).length;
    problems = [...opened.meta.problems.filter((p) => manifest[p.file] !== undefined), ...added.flatMap((d) => d.problems)];
  } else {
    opened?.file.close();
    const reason = why ?? (changed.length > 0 ? `${changed.length} digest ${changed.length === 1 ? 'file' : 'files'} changed (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', ...' : ''})` : undefined);
    // The rebuild's records wait beside the index file, not in memory (rebuild-spill.ts).
    spill = cacheFile === undefined ? undefined : RecordSpill.open(cacheFile);
    ({ files, problems } = await rebuild(library, dir, manifest, known ?? opened?.meta, reason, parse, { ...opts, intake, spill }));
  }

  // Digest-named entries that are not regular files (a folder, a pipe, a broken link) are never
  // loaded: each is reported by name, and the start line counts them as skipped, not as read.
  const strays = await strayEntries(dir, manifest, opts.now);
  problems = [...problems, ...strays.flatMap((d) => d.problems)];
  skipped = Object.keys(manifest ?? {}).length - files + strays.length;
  const problemFiles = [...new Set(problems.filter((p) => p.level === 'error').map((p) => p.file))];
  await opts.afterLoad?.(problemFiles);
  let index: LibraryIndexFile | undefined;
  if (cacheFile !== undefined) {
    const meta: IndexMeta = { key: { digests: manifest ?? {} }, files, problems };
    index = new LibraryIndexFile({ path: cacheFile, library, logger, meta, ...(fromCache ? { opened: opened! } : {}), ...(spill ? { spill } : {}) });
    if (!fromCache) {
      try {
        index.save();
      } catch (err) {
        // An index that cannot be written costs the next start time, not this one its library.
        logger.warn(`cannot write the index file ${cacheFile} (${(err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err))})`);
      }
    } else if (library.unsavedCount > 0) void index.fold();
    index.watch();
  }

  // Problems are shown on every start, from the index or not: a bad file stays visible until fixed.
  for (const p of problems) (p.level === 'error' ? logger.error : logger.warn)(formatProblem(p));
  const report: IngestReport = {
    files,
    skipped,
    papers: library.size,
    days: library.days().length,
    errors: countProblems(problems, 'error'),
    warnings: countProblems(problems, 'warning'),
    millis: Math.round(performance.now() - started),
    fromCache,
    problemFiles,
    ...(index ? { index } : {}),
  };
  const counted = [count(report.errors, 'error'), count(report.warnings, 'warning')].filter((c) => !c.startsWith('0 '));
  const issues = counted.length > 0 ? ` (${counted.join(', ')} above)` : '';
  const source = report.fromCache ? ' from the index file' : '';
  logger.info(
    `Loaded ${report.files} digest ${report.files === 1 ? 'file' : 'files'} from ${dir}${report.skipped > 0 ? ` (${report.skipped} skipped)` : ''}: ` +
      `${count(report.papers, 'paper')} over ${report.days} ${report.days === 1 ? 'day' : 'days'} in ${report.millis} ms${source}${issues}`,
  );
  return report;
}

/** "1 error", "2 errors". */
function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

/** Opens the index file; on failure says why (for the rebuild line) and, when its header is readable, what it was built from. */
function openIndex(file: string, logger: Logger): { opened?: OpenedIndex; known?: IndexMeta; why?: string } {
  try {
    return { opened: openIndexFile(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { why: 'no index file yet' };
    if (err instanceof IndexFormatError) return { why: 'the index file is from another version' };
    if (err instanceof IndexMismatchError) {
      logger.warn(`the index file ${file} does not match its papers (${err.message}); rebuilding it`);
      return { known: readIndexMeta(file), why: 'the index file did not check out' };
    }
    logger.warn(`cannot read the index file ${file} (${code ?? (err instanceof Error ? err.message : String(err))}); rebuilding it`);
    return { why: 'the index file could not be read' };
  }
}

function isChanged(meta: IndexMeta, name: string, now: [number, number]): boolean {
  const then = meta.key.digests[name];
  return then !== undefined && (then[0] !== now[0] || then[1] !== now[1]);
}

/**
 * Builds the library from scratch: digests that did not change since the
 * last index (`known`) come from the store's archive, the others are read from
 * the folder. Without a known index every file is read. Streamed: digests are
 * fetched or read a batch at a time, in name order, and a checkpoint now and
 * then freezes the postings and spills the records (rebuild-spill.ts), so
 * memory follows the index's size, not the archive's text.
 */
async function rebuild(
  library: PaperLibrary,
  dir: string,
  manifest: Record<string, [number, number]> | undefined,
  known: IndexMeta | undefined,
  reason: string | undefined,
  parse: (names: string[]) => Promise<ParsedDigest[]>,
  opts: {
    logger: Logger;
    intake: { read: SourceIntake<ParsedDigest>; archived: SourceIntake<ParsedDigest> };
    archived?: (files: string[]) => Promise<ParsedDigest[]>;
    archivedFiles?: () => Promise<string[]>;
    checkpointDocs?: number;
    spill?: RecordSpill | undefined;
  },
): Promise<{ files: number; problems: DigestProblem[] }> {
  if (manifest === undefined) {
    return { files: 0, problems: [await unreadableFolderProblem(dir)] };
  }
  const names = Object.keys(manifest);
  const unchanged = known ? names.filter((n) => known.key.digests[n] !== undefined && !isChanged(known, n, manifest[n]!)) : [];
  // Which of them the store holds, by name; a digest it then fails to give is read from the folder.
  let fromStore = new Set<string>();
  if (unchanged.length > 0 && opts.archived) {
    const held = opts.archivedFiles ? new Set(await opts.archivedFiles().catch(() => [] as string[])) : undefined;
    fromStore = new Set(held ? unchanged.filter((n) => held.has(n)) : unchanged);
  }
  if (reason !== undefined && names.length > 0) {
    opts.logger.info(`Rebuilding the search index (${reason}): ${fromStore.size} digests from the store, ${names.length - fromStore.size} read from ${dir}`);
  }
  const storedNames = new Set<string>();
  const problems: DigestProblem[] = [];
  let files = 0;
  let papers = 0;
  let done = 0;
  let last = performance.now();
  for (let at = 0; at < names.length; at += BATCH_FILES) {
    const batch = names.slice(at, at + BATCH_FILES);
    const wanted = batch.filter((n) => fromStore.has(n));
    const stored = wanted.length > 0 ? await opts.archived!(wanted).catch(() => [] as ParsedDigest[]) : [];
    for (const d of stored) storedNames.add(d.file);
    const parsed = await parse(batch.filter((n) => !storedNames.has(n)));
    const digests = [...stored, ...parsed].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    for (const digest of digests) {
      const fromStore = storedNames.has(digest.file);
      await (fromStore ? opts.intake.archived : opts.intake.read).add(detachedText(digest));
      if (!fromStore) problems.push(...digest.problems);
      if (digest.sections.length > 0) files++;
      papers += digest.sections.reduce((m, s) => m + s.papers.length, 0);
      done++;
      if (checkpointDue(library, opts.checkpointDocs)) checkpoint(library, opts.spill);
      if (performance.now() - last >= PROGRESS_MS) {
        last = performance.now();
        opts.logger.info(`Indexing papers: ${papers.toLocaleString('en-US')} from ${done.toLocaleString('en-US')}/${names.length.toLocaleString('en-US')} digest files`);
      }
    }
  }
  return { files, problems: [...(known?.problems.filter((p) => storedNames.has(p.file)) ?? []), ...problems] };
}

/** Digest-named entries of the folder that the manifest left out: not regular files, read only to say what they are. */
async function strayEntries(dir: string, manifest: Record<string, [number, number]> | undefined, now: Date): Promise<ParsedDigest[]> {
  if (manifest === undefined) return [];
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => DIGEST_FILE.test(n) && !n.startsWith('.') && manifest[n] === undefined).sort();
  return readDigestFiles(dir, names, now);
}
