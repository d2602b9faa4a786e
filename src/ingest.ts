import { loadDigestDir } from './digest/load-digest-dir.js';
import { formatProblem } from './digest/digest-types.js';
import { PaperLibrary } from './library/library.js';
import type { Logger } from './logger.js';

/** What loading the digest folder did, for the progress line and tests. */
export interface IngestReport {
  files: number;
  papers: number;
  days: number;
  errors: number;
  warnings: number;
  millis: number;
}

/**
 * Loads every digest in `dir` into `library`, logging each problem (errors
 * and warnings are shown, never hidden) and one progress line.
 */
export async function ingestDigestDir(
  library: PaperLibrary,
  dir: string,
  opts: { now: Date; logger: Logger },
): Promise<IngestReport> {
  const started = performance.now();
  const { digests, problems } = await loadDigestDir(dir, opts.now);
  for (const digest of digests) library.addDigest(digest);
  for (const p of problems) (p.level === 'error' ? opts.logger.error : opts.logger.warn)(formatProblem(p));
  const report: IngestReport = {
    files: digests.length,
    papers: library.size,
    days: library.days().length,
    errors: problems.filter((p) => p.level === 'error').length,
    warnings: problems.filter((p) => p.level === 'warning').length,
    millis: Math.round(performance.now() - started),
  };
  const issues = report.errors + report.warnings > 0 ? ` (${report.errors} errors, ${report.warnings} warnings above)` : '';
  opts.logger.info(
    `Loaded ${report.files} digest ${report.files === 1 ? 'file' : 'files'} from ${dir}: ` +
      `${report.papers} papers over ${report.days} ${report.days === 1 ? 'day' : 'days'} in ${report.millis} ms${issues}`,
  );
  return report;
}
