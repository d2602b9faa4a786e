import { ParsedDigestSchema, type ParsedDigest } from '../../sources/digest/digest-types.js';
import type { ArchiveCursor, DigestArchiveStore } from '../store.js';
import { FileRow } from '../table-rows.js';
import type { PgConnection } from './pg-connection.js';
import { ArchiveChangesRow, DigestRow } from './rows.js';

// PostgreSQL's digest archive: one row per digest file, each write stamped with
// its transaction id, compared with a snapshot (the cursor of archivedSince).

export function pgDigestArchive(db: PgConnection): DigestArchiveStore {
  return {
    async archiveDigest(digest: ParsedDigest, now: number): Promise<void> {
      // Only a digest with papers replaces what is kept: a file that later breaks must not erase it.
      if (!digest.sections.some((s) => s.papers.length > 0)) return;
      // TEXT, not JSONB: jsonb refuses the \u0000 escape, which a digest's text may hold.
      const parsed = JSON.stringify({ file: digest.file, sections: digest.sections, problems: [] });
      await db.query(
        // An unchanged digest (every start re-reads the folder) is not written again. A write records its
        // transaction (changed_xid: the column's default on insert), which archivedSince compares with a snapshot.
        `INSERT INTO digests (file, parsed, ingested_at) VALUES ($1, $2, $3)
         ON CONFLICT (file) DO UPDATE SET parsed = EXCLUDED.parsed, ingested_at = EXCLUDED.ingested_at, changed_xid = pg_current_xact_id()
         WHERE digests.parsed IS DISTINCT FROM EXCLUDED.parsed`,
        [digest.file, parsed, now],
      );
    },

    async archivedDigests(files: readonly string[]): Promise<ParsedDigest[]> {
      if (files.length === 0) return [];
      const rows = (await db.query('SELECT file, parsed FROM digests WHERE file = ANY($1::text[])', [files])).map((r) => DigestRow.parse(r));
      const byFile = new Map(rows.map((r) => [r.file, r.parsed]));
      return files.flatMap((file) => {
        const parsed = byFile.get(file);
        return parsed === undefined ? [] : [ParsedDigestSchema.parse(JSON.parse(parsed))];
      });
    },

    async archivedFiles(): Promise<string[]> {
      return (await db.query('SELECT file FROM digests ORDER BY file COLLATE "C"')).map((r) => FileRow.parse(r).file);
    },

    async archivedSince(cursor: ArchiveCursor | undefined): Promise<{ files: string[]; cursor: ArchiveCursor }> {
      // The cursor is the snapshot the last look ran in. Changed since: written by a transaction that snapshot
      // did not see (in progress then, or later), which a sequence number could not tell apart: numbers are
      // taken in one order and committed in another, so a reader may see 12 before 11 commits. One statement,
      // so the new snapshot is the one its rows were read in; the index on changed_xid bounds the scan to
      // the transactions at or after the old snapshot's oldest one.
      const [row] = await db.query(
        cursor === undefined
          ? `SELECT pg_current_snapshot()::text AS snapshot, array(SELECT file FROM digests ORDER BY file COLLATE "C") AS files`
          : `SELECT pg_current_snapshot()::text AS snapshot,
                    array(SELECT file FROM digests
                          WHERE changed_xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(changed_xid, $1::pg_snapshot)) AS files`,
        cursor === undefined ? [] : [cursor],
      );
      const r = ArchiveChangesRow.parse(row);
      // Sorted here (by code point, as COLLATE "C" would): an ORDER BY could lead the planner to walk every row by file.
      return { files: r.files.sort(), cursor: r.snapshot };
    },
  };
}
