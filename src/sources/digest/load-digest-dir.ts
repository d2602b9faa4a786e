import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readDigestFile } from './read-digest-file.js';
import type { DigestProblem, ParsedDigest } from './digest-types.js';

/** Which files in the digest folder are digests: plain text and e-mail exports. */
export const DIGEST_FILE = /\.(txt|eml|text)$/i;

/** Every digest in a folder, with all their problems gathered. */
export interface LoadedDigests {
  digests: ParsedDigest[];
  problems: DigestProblem[];
}

/**
 * Reads every digest file in `dir`, in name order. One bad file never stops
 * the others; a missing folder is itself reported as a problem.
 */
export async function loadDigestDir(dir: string, now: Date): Promise<LoadedDigests> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => DIGEST_FILE.test(n) && !n.startsWith('.')).sort();
  } catch (err) {
    return { digests: [], problems: [digestFolderProblem(dir, err)] };
  }
  const digests = await readDigestFiles(dir, names, now);
  return { digests, problems: digests.flatMap((d) => d.problems) };
}

/** Why the digest folder cannot be listed, in words that lead to the fix (the errno alone did not). */
export function digestFolderProblem(dir: string, err: unknown): DigestProblem {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const setIt = 'set DIGEST_DIR to the folder that holds your digest files';
  const why =
    code === 'ENOENT'
      ? `it does not exist (ENOENT); ${setIt}`
      : code === 'ENOTDIR'
        ? `it is a file, not a folder (ENOTDIR); ${setIt}`
        : code === 'EACCES' || code === 'EPERM'
          ? `permission denied (${code}); let this user read it, or ${setIt}`
          : `${code ?? (err instanceof Error ? err.message : String(err))}; ${setIt}`;
  return { level: 'error', file: dir, message: `cannot read the digest folder: ${why}` };
}

/** {@link digestFolderProblem} for a folder found unreadable elsewhere: lists it again to learn why. */
export async function unreadableFolderProblem(dir: string): Promise<DigestProblem> {
  return digestFolderProblem(dir, await readdir(dir).then(() => new Error('it could not be listed'), (err: unknown) => err));
}

/**
 * Reads the named digest files of `dir`, in order, a few at a time: opening
 * thousands at once (an archive of years of digests) ran out of file
 * descriptors (EMFILE), and those files' papers were lost.
 */
export async function readDigestFiles(dir: string, names: readonly string[], now: Date): Promise<ParsedDigest[]> {
  const digests: ParsedDigest[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < names.length; i = next++) digests[i] = await readDigestFile(join(dir, names[i]!), { now });
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, worker));
  return digests;
}

/** Digest files read at once; the disk, not the number, sets the pace. */
const READ_CONCURRENCY = 8;
