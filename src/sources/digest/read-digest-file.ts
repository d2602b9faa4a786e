import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseDigest } from './parse-digest.js';
import type { ParsedDigest } from './digest-types.js';

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
    const info = await stat(path);
    if (!info.isFile()) return fail('not a regular file');
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
    return fail(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }

  let text: string;
  let encodingWarning: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: a Windows-1252 export is the usual culprit. Binary data is
    // still caught by the parser's control-character check.
    text = new TextDecoder('windows-1252').decode(bytes);
    encodingWarning = 'the file is not valid UTF-8; read it as Windows-1252';
  }
  const digest = parseDigest(text, { fileName: file, now: options.now });
  if (encodingWarning && digest.sections.length > 0) {
    digest.problems.unshift({ level: 'warning', file, message: encodingWarning });
  }
  return digest;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}
