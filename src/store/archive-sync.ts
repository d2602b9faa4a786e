import type { Logger } from '../ops/logger.js';
import type { IngestSink } from '../sources/ingest-sink.js';
import type { ArchiveCursor, DigestArchiveStore } from './store.js';

/** A running follower of the shared digest archive. */
export interface ArchiveSync {
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
 * Which files this replica has is the sink's to know: a digest it read from
 * its own folder went through the sink, so it is not fetched back.
 */
export function syncArchivedDigests(opts: {
  store: DigestArchiveStore;
  /** Where the digests go; it knows which files the library has (tell it the archive's list at start). */
  sink: IngestSink;
  intervalMs: number;
  logger: Logger;
}): ArchiveSync {
  const { sink } = opts;
  const intake = sink.source('digest-replica');
  let running = false;
  let failing = false;
  // Undefined until the first poll, which lists every file once (the ones already known are skipped).
  let cursor: ArchiveCursor | undefined;

  const poll = async (): Promise<number> => {
    if (running) return 0;
    running = true;
    try {
      const changed = await opts.store.archivedSince(cursor);
      const fresh = changed.files.filter((f) => !sink.knows(f));
      if (failing) opts.logger.info('archive: the store answers again');
      failing = false;
      if (fresh.length === 0) {
        cursor = changed.cursor;
        return 0;
      }
      let added = 0;
      for (const digest of await opts.store.archivedDigests(fresh)) added += (await intake.add(digest)).papersAdded;
      await intake.endPass();
      // Moved on only once they are in: a failed read of the digests is tried again from the same place.
      cursor = changed.cursor;
      opts.logger.info(`archive: added ${added} papers from ${fresh.length} ${fresh.length === 1 ? 'digest' : 'digests'} another replica read (${fresh.join(', ')}); ${sink.size} papers in all`);
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
    poll,
    stop: () => clearInterval(timer),
  };
}
