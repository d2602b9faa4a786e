import type { Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeDigest } from './decode-digest.js';
import { parseDigest } from './parse-digest.js';
import type { ParsedDigest } from './digest-types.js';
import { ProblemLog } from './problem-log.js';

/**
 * The largest digest we read. The sample email is 130 kB; a year of daily
 * digests in one file is about 8 MB. Anything far beyond is a wrong file, and
 * reading it whole would stall the bot.
 */
export const MAX_DIGEST_BYTES = 16 * 1024 * 1024;

/** Options for reading one digest file. */
export interface ReadDigestOptions {
  now: Date;
  maxBytes?: number;
}

/**
 * Reads and parses one digest file. Never throws: an unreadable, oversized or
 * non-text file comes back as a digest with no sections and an error naming it.
 */
export async function readDigestFile(path: string, options: ReadDigestOptions): Promise<ParsedDigest> {
  const file = basename(path);
  const maxBytes = options.maxBytes ?? MAX_DIGEST_BYTES;
  const fail = (message: string): ParsedDigest => ({ file, sections: [], problems: [{ level: 'error', file, message }] });
  let bytes: Buffer;
  try {
    const info = await stat(path).catch(async (err: NodeJS.ErrnoException) => {
      // stat follows links: a link whose target is gone is ENOENT, which reads as "no such file" for a file the user can see.
      if (err.code === 'ENOENT' && (await lstat(path).then((l) => l.isSymbolicLink(), () => false))) throw new DanglingLink();
      throw err;
    });
    if (!info.isFile()) return fail(`${kindOf(info)}; skipped`);
    if (info.size > maxBytes) {
      return fail(`the file is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit for one digest; skipped`);
    }
    // Read at most maxBytes + 1 even if the file grows between stat and read.
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      if (bytesRead > maxBytes) return fail(`the file grew past the ${formatBytes(maxBytes)} limit while being read`);
      bytes = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof DanglingLink) return fail('a symbolic link whose target does not exist; skipped');
    return fail(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }

  const decoded = decodeDigest(bytes);
  if (decoded.error !== undefined) return fail(decoded.error);
  const log = new ProblemLog(file);
  for (const w of decoded.warnings) log.add('warning', w.message, w.line);
  const digest = parseDigest(decoded.text, { fileName: file, now: options.now, log });
  // Decoding warnings matter only when something was read; an unreadable file has its own error.
  if (digest.sections.length === 0) digest.problems = digest.problems.filter((p) => p.level === 'error');
  return digest;
}

class DanglingLink extends Error {}

/** What a directory entry is, for an entry that is not a regular file. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder, not a digest file';
  if (info.isFIFO()) return 'a named pipe, not a regular file';
  if (info.isSocket()) return 'a socket, not a regular file';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device, not a regular file';
  return 'not a regular file';
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}
