// The reference library's persisted index (today's format, for the bench's
// side-by-side cold start): the library saved under DATA_DIR, so a restart with
// the same digests skips reading, parsing and indexing them (about 25 s at
// 50k papers) and loads minisearch's JSON instead.
//
// The file is two lines: a JSON header (format, fingerprint of the digest
// folder, papers, days, terms, the digest problems to show again) and
// minisearch's own JSON, handed as is to MiniSearch.loadJSONAsync.

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { DIGEST_FILE } from '../../src/sources/digest/load-digest-dir.js';
import { DigestProblemSchema, IsoDaySchema, type DigestProblem } from '../../src/sources/digest/digest-types.js';
import { PaperSchema } from '../../src/library/paper.js';
import { LibraryMismatchError, type LibrarySnapshot, type ReferenceLibrary } from './reference-library.js';

/** Bump when the parser, the index options or this format change: old caches are then rebuilt. */
export const CACHE_FORMAT = 3;

const HeaderSchema = z.object({
  format: z.literal(CACHE_FORMAT),
  fingerprint: z.string(),
  files: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative().optional(),
  problems: z.array(DigestProblemSchema),
  papers: z.array(PaperSchema),
  days: z.array(z.tuple([IsoDaySchema, z.array(z.tuple([z.number().int().positive(), z.string()])), z.boolean()])),
  terms: z.array(z.tuple([z.string(), z.number().int().nonnegative()])),
});

/** What a cache file restored. */
export interface CacheHit {
  files: number;
  skipped?: number;
  problems: DigestProblem[];
}

/**
 * A fingerprint of the digest folder: each digest file's name, size and
 * modification time. Any added, removed, edited or touched file changes it;
 * stat is cheap next to reading 50k papers. (It does not cover the ingestion
 * date: a year-less "Apr 21" keeps the year it was given when first read.)
 */
export async function digestFingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256').update(`paperbot-cache-${CACHE_FORMAT}\n`);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => DIGEST_FILE.test(n) && !n.startsWith('.')).sort();
  } catch {
    return 'unreadable-folder';
  }
  const infos = await Promise.all(names.map((n) => stat(join(dir, n)).catch(() => undefined)));
  names.forEach((n, i) => hash.update(`${n}\0${infos[i]?.size ?? -1}\0${infos[i]?.mtimeMs ?? -1}\n`));
  return hash.digest('hex');
}

/**
 * Restores `library` from the cache file if it matches `fingerprint`.
 * Returns undefined (library untouched) when there is no file or it is stale;
 * a corrupt file is reported through `warn` and ignored.
 */
export async function loadLibraryCache(
  library: ReferenceLibrary,
  file: string,
  fingerprint: string,
  warn: (message: string) => void,
): Promise<CacheHit | undefined> {
  await removeStaleTemporaries(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read the index cache ${file} (${(err as NodeJS.ErrnoException).code}); rebuilding it`);
    return undefined;
  }
  try {
    const newline = text.indexOf('\n');
    if (newline === -1) throw new Error('no index line');
    const raw: unknown = JSON.parse(text.slice(0, newline));
    // A stale cache is normal (a digest was added): check before validating it all.
    if (typeof raw === 'object' && raw !== null && (raw as { fingerprint?: unknown }).fingerprint !== fingerprint) return undefined;
    const header = HeaderSchema.parse(raw);
    await library.restore({ papers: header.papers, days: header.days, terms: header.terms, indexJson: text.slice(newline + 1) });
    return { files: header.files, skipped: header.skipped, problems: header.problems };
  } catch (err) {
    if (err instanceof LibraryMismatchError) {
      warn(`the index cache ${file} does not match its papers (${err.message.replace(/^.*\((.*)\)$/, '$1')}); ignoring it and rebuilding`);
      return undefined;
    }
    warn(`the index cache ${file} is corrupt (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); ignoring it and rebuilding`);
    return undefined;
  }
}

/** Writes the cache atomically (a temporary file, then rename), so a crash never leaves half a file. */
export async function saveLibraryCache(
  library: ReferenceLibrary,
  file: string,
  meta: { fingerprint: string; files: number; skipped?: number; problems: DigestProblem[] },
): Promise<void> {
  const snap: LibrarySnapshot = library.snapshot();
  const header = { format: CACHE_FORMAT, ...meta, papers: snap.papers, days: snap.days, terms: snap.terms };
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(header)}\n${snap.indexJson}`);
  await rename(tmp, file);
}

/**
 * Deletes `<file>.<pid>.tmp` files left by a write that was interrupted (a
 * crash, a full disk). A file whose pid is a live process is kept: another
 * bot on the same data folder may be writing it right now.
 */
export async function removeStaleTemporaries(file: string): Promise<void> {
  const prefix = `${basename(file)}.`;
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length, -4)) : NaN;
    if (!Number.isInteger(pid) || isAlive(pid)) continue;
    await unlink(join(dirname(file), name)).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
