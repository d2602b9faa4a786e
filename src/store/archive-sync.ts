import type { PaperLibrary } from '../library/library.js';
import type { Logger } from '../ops/logger.js';
import type { ArchiveCursor, DigestArchiveStore } from './store.js';

/** A running follower of the shared digest archive. */
export interface ArchiveSync {
  /** Notes a digest this replica read itself (from its folder), so it is not fetched back from the archive. */
  markKnown(file: string): void;
  /** One pass: fetches the digests archived since the last one; resolves with how many were added. */
  poll(): Promise<number>;
  stop(): void;
}

/**
 * Brings into this replica's library the digests other replicas archived
 * after it started: with several replicas, a digest dropped into one
 * replica's folder reaches the others within `intervalMs`, so whichever
 * replica wins a daily post picks from the same papers. The archive is the
 * truth; each library is a local cache of it.
 *
 * Each poll asks the store what was archived since the last one (a cursor),
 * not for the whole list: with nothing new, a poll costs one index lookup
 * whatever the archive's size (listing 600 files every 5 s was most of an
 * idle bot's CPU). Digests are followed by file name: a file whose content
 * changes later on another replica reaches this one at its next start.
 */
export function syncArchivedDigests(opts: {
  store: DigestArchiveStore;
  library: PaperLibrary;
  /** Files already in the library (the archive's list at start, after restoring). */
  known: Iterable<string>;
  intervalMs: number;
  logger: Logger;
}): ArchiveSync {
  const known = new Set(opts.known);
  let running = false;
  let failing = false;
  // Undefined until the first poll, which lists every file once (the ones already known are skipped).
  let cursor: ArchiveCursor | undefined;

  const poll = async (): Promise<number> => {
    if (running) return 0;
    running = true;
    try {
      const changed = await opts.store.archivedSince(cursor);
      const fresh = changed.files.filter((f) => !known.has(f));
      if (failing) opts.logger.info('archive: the store answers again');
      failing = false;
      if (fresh.length === 0) {
        cursor = changed.cursor;
        return 0;
      }
      const before = opts.library.size;
      for (const digest of await opts.store.archivedDigests(fresh)) {
        opts.library.addDigest(digest);
        known.add(digest.file);
      }
      // Moved on only once they are in: a failed read of the digests is tried again from the same place.
      cursor = changed.cursor;
      const added = opts.library.size - before;
      opts.logger.info(`archive: added ${added} papers from ${fresh.length} ${fresh.length === 1 ? 'digest' : 'digests'} another replica read (${fresh.join(', ')}); ${opts.library.size} papers in all`);
      return added;
    } catch (err) {
      if (!failing) opts.logger.warn(`archive: cannot read the shared archive (${err instanceof Error ? err.message : String(err)}); trying again every ${opts.intervalMs / 1000} s`);
      failing = true;
      return 0;
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void poll(), opts.intervalMs);
  timer.unref();
  return {
    markKnown: (file) => void known.add(file),
    poll,
    stop: () => clearInterval(timer),
  };
}
