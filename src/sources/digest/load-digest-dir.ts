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
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { digests: [], problems: [{ level: 'error', file: dir, message: `cannot read the digest folder (${code})` }] };
  }
  const digests = await Promise.all(names.map((n) => readDigestFile(join(dir, n), { now })));
  return { digests, problems: digests.flatMap((d) => d.problems) };
}
