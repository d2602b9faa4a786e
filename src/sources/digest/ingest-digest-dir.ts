import { loadDigestDir } from './load-digest-dir.js';
import { countProblems, formatProblem, type DigestProblem, type ParsedDigest } from './digest-types.js';
import { digestFingerprint, loadLibraryCache, saveLibraryCache } from '../../library/library-cache.js';
import type { PaperLibrary } from '../../library/library.js';
import type { Logger } from '../../ops/logger.js';

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
  /** True when the library came from the persisted index instead of the digests. */
  fromCache: boolean;
  /** Files that had an error (unreadable, or some of their papers could not be loaded). */
  problemFiles: string[];
}

/**
 * Loads every digest in `dir` into `library`, logging each problem (errors
 * and warnings are shown, never hidden) and one progress line.
 */
export async function ingestDigestDir(
  library: PaperLibrary,
  dir: string,
  opts: {
    now: Date;
    logger: Logger;
    /** The persisted index file; none when absent. */
    cacheFile?: string;
    /** Called with each digest parsed from its file (not when the library came from the cache). */
    onDigest?: (digest: ParsedDigest) => void | Promise<void>;
    /**
     * Adds papers kept elsewhere (archived digests of files now missing or
     * broken, days fetched from the live source) after the folder or the cache
     * is loaded; resolves to how many papers it added. The cache is written
     * again when it adds any, so the next start finds them in it.
     */
    afterLoad?: (problemFiles: readonly string[]) => Promise<number>;
  },
): Promise<IngestReport> {
  const started = performance.now();
  const { logger, cacheFile } = opts;
  const fingerprint = cacheFile === undefined ? undefined : await digestFingerprint(dir);
  const cached =
    cacheFile === undefined || fingerprint === undefined
      ? undefined
      : await loadLibraryCache(library, cacheFile, fingerprint, (m) => logger.warn(m));
  let files: number;
  let skipped: number;
  let problems: DigestProblem[];
  if (cached) {
    ({ files, problems } = cached);
    skipped = cached.skipped ?? 0;
  } else {
    const loaded = await loadDigestDir(dir, opts.now);
    for (const digest of loaded.digests) {
      library.addDigest(digest);
      await opts.onDigest?.(digest);
    }
    // A folder, a pipe or a broken link among the digests was not loaded: it is not counted as if it were.
    files = loaded.digests.filter((d) => d.sections.length > 0).length;
    skipped = loaded.digests.length - files;
    problems = loaded.problems;
  }
  const problemFiles = [...new Set(problems.filter((p) => p.level === 'error').map((p) => p.file))];
  const added = (await opts.afterLoad?.(problemFiles)) ?? 0;
  if (cacheFile !== undefined && fingerprint !== undefined && (!cached || added > 0)) {
    // A cache that cannot be written costs the next start time, not this one its library.
    await saveLibraryCache(library, cacheFile, { fingerprint, files, skipped, problems }).catch((err: unknown) =>
      logger.warn(`cannot write the index cache ${cacheFile} (${(err as NodeJS.ErrnoException).code ?? String(err)})`),
    );
  }
  // Problems are shown on every start, cached or not: a bad file stays visible until fixed.
  for (const p of problems) (p.level === 'error' ? logger.error : logger.warn)(formatProblem(p));
  const report: IngestReport = {
    files,
    skipped,
    papers: library.size,
    days: library.days().length,
    errors: countProblems(problems, 'error'),
    warnings: countProblems(problems, 'warning'),
    millis: Math.round(performance.now() - started),
    fromCache: cached !== undefined,
    problemFiles,
  };
  const issues = report.errors + report.warnings > 0 ? ` (${report.errors} errors, ${report.warnings} warnings above)` : '';
  const source = report.fromCache ? ' from the index cache' : '';
  logger.info(
    `Loaded ${report.files} digest ${report.files === 1 ? 'file' : 'files'} from ${dir}${report.skipped > 0 ? ` (${report.skipped} skipped)` : ''}: ` +
      `${report.papers} papers over ${report.days} ${report.days === 1 ? 'day' : 'days'} in ${report.millis} ms${source}${issues}`,
  );
  return report;
}
