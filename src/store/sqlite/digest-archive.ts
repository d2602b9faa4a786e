import type Database from 'better-sqlite3';
import { z } from 'zod';
import { ParsedDigestSchema, type ParsedDigest } from '../../sources/digest/digest-types.js';
import { FileRow } from '../table-rows.js';
import type { ArchiveCursor, DigestArchiveStore } from '../store.js';

// SQLite's digest archive: one row per digest file, each write stamped with
// the next change number (`seq`), which is also the cursor of archivedSince.

const ParsedRow = z.object({ parsed: z.string() });
const ChangedFileRow = z.object({ file: z.string(), seq: z.number() });

export function sqliteDigestArchive(db: Database.Database): DigestArchiveStore {
  return {
    async archiveDigest(digest: ParsedDigest, now: number): Promise<void> {
      // Only a digest with papers replaces what is kept: a file that later breaks must not erase it.
      if (!digest.sections.some((s) => s.papers.length > 0)) return;
      // An unchanged digest (every start re-reads the folder) is not written again. Each write takes the next
      // change number: SQLite has one writer at a time, so the numbers are committed in order, and a reader
      // that saw number n has seen every write up to n (see archivedSince).
      db.prepare(
        `INSERT INTO digests (file, parsed, ingested_at, seq) VALUES (?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM digests))
         ON CONFLICT (file) DO UPDATE SET parsed = excluded.parsed, ingested_at = excluded.ingested_at, seq = excluded.seq WHERE parsed IS NOT excluded.parsed`,
      ).run(digest.file, JSON.stringify({ file: digest.file, sections: digest.sections, problems: [] }), now);
    },

    async archivedDigests(files: readonly string[]): Promise<ParsedDigest[]> {
      const get = db.prepare('SELECT parsed FROM digests WHERE file = ?');
      return files.flatMap((file) => {
        const row = get.get(file);
        if (row === undefined) return [];
        return [ParsedDigestSchema.parse(JSON.parse(ParsedRow.parse(row).parsed))];
      });
    },

    async archivedFiles(): Promise<string[]> {
      return db.prepare('SELECT file FROM digests ORDER BY file').all().map((r) => FileRow.parse(r).file);
    },

    async archivedSince(cursor: ArchiveCursor | undefined): Promise<{ files: string[]; cursor: ArchiveCursor }> {
      const since = cursor === undefined ? 0 : seqOf(cursor);
      // The index on seq makes a look with nothing new one index probe, whatever the archive's size. Sorted
      // here, not by ORDER BY file: that makes SQLite walk the primary key through every row instead.
      const rows = db.prepare('SELECT file, seq FROM digests WHERE seq > ?').all(since).map((r) => ChangedFileRow.parse(r));
      return { files: rows.map((r) => r.file).sort(), cursor: String(rows.reduce((max, r) => Math.max(max, r.seq), since)) };
    },
  };
}

/** The change number in a cursor this store handed out. */
function seqOf(cursor: ArchiveCursor): number {
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`not a digest archive cursor of this store: ${JSON.stringify(cursor)}`);
  return seq;
}
