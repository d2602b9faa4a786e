import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeCause, StorageFault, type StorageCause } from '../storage-fault.js';

// SQLite reports a full disk as "database or disk is full" and a read-only or
// forbidden folder as "unable to open database file" or "attempt to write a
// readonly database": no path, no errno. The operating system's reason is
// found here by asking the file system, so messages can name it.

// SQLite's result codes for trouble with the file rather than with the SQL.
const STORAGE_CODES = /^SQLITE_(?:FULL|READONLY|IOERR|CANTOPEN|PERM|BUSY|LOCKED)/;
/** Below this much free space the disk counts as full (SQLite writes pages of 4 kB and more). */
const FULL_BELOW_BYTES = 64 * 1024;

/** The errno behind a storage error from SQLite or from fs; undefined for any other error. */
export function diagnose(err: unknown, file: string): StorageCause | undefined {
  const code = err instanceof Database.SqliteError ? err.code : (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  if (/^E[A-Z]+$/.test(code)) return code; // from fs (mkdir): already the errno
  if (!STORAGE_CODES.test(code)) return undefined;
  if (code === 'SQLITE_FULL') return 'ENOSPC';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'EBUSY';
  return writeProbe(file) ?? (diskFull(file) ? 'ENOSPC' : code.startsWith('SQLITE_IOERR') ? 'EIO' : code);
}

/** A {@link StorageFault} for a storage error, or undefined when `err` is something else (a bug, bad data). */
export function storageFault(err: unknown, file: string, operation: string, write: boolean): StorageFault | undefined {
  const cause = diagnose(err, file);
  return cause === undefined ? undefined : new StorageFault(cause, file, operation, write, { cause: err });
}

/**
 * Why the database could not be opened, in words that lead to the fix. Only
 * a damaged file is told to restore a backup; a folder that cannot be written
 * (read-only, forbidden, full) says so, naming it and the cause.
 */
export function openFailureMessage(err: unknown, file: string, existed: boolean): string {
  // DATA_DIR (or a folder above it) that is a file: mkdir says EEXIST or ENOTDIR, and no permission fixes it.
  const inTheWay = fileInTheWay(dirname(file));
  if (inTheWay !== undefined) {
    return `cannot create the paperbot database ${file}: ${inTheWay} is a file, not a folder. Set DATA_DIR to a folder (paperbot creates it if it is missing), or move that file aside.`;
  }
  const cause = diagnose(err, file);
  if (cause === undefined) {
    const reason = err instanceof Error ? err.message : String(err);
    return `cannot open the paperbot database ${file}: ${reason}. It is left untouched; restore a backup, or move it aside to start with an empty store.`;
  }
  const folder = dirname(file);
  const fix =
    cause === 'ENOSPC'
      ? 'free some space there'
      : cause === 'EBUSY'
        ? 'stop the other process that holds it, or wait'
        : `make ${folder} writable for this user, or set DATA_DIR to a folder that is`;
  const what = existed ? `cannot write the paperbot database ${file}` : `cannot create the paperbot database ${file}`;
  return `${what}: ${describeCause(cause)} (${cause}) in ${folder}. paperbot keeps its data there; ${fix}.${existed ? ' The file is left untouched.' : ''}`;
}

/** The errno of the first path paperbot writes that this process may not write. */
function writeProbe(file: string): string | undefined {
  for (const path of [file, `${file}-wal`, `${file}-shm`, nearestExisting(dirname(file))]) {
    if (!existsSync(path)) continue;
    try {
      accessSync(path, constants.W_OK);
    } catch (err) {
      return (err as NodeJS.ErrnoException).code;
    }
  }
  return undefined;
}

/** The nearest existing path at or above `dir`, when it is not a folder (a file where a folder must be). */
function fileInTheWay(dir: string): string | undefined {
  const existing = nearestExisting(dir);
  try {
    return statSync(existing).isDirectory() ? undefined : existing;
  } catch {
    return undefined;
  }
}

function nearestExisting(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

function diskFull(file: string): boolean {
  try {
    const s = statfsSync(nearestExisting(dirname(file)));
    return s.bavail * s.bsize < FULL_BELOW_BYTES;
  } catch {
    return false;
  }
}
