import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DIGEST_FILE } from './load-digest-dir.js';
import { readDigestFile } from './read-digest-file.js';
import type { ParsedDigest } from './digest-types.js';

/**
 * Polls the digest folder and hands each new or changed digest file to
 * `onDigest`. Polling, not fs.watch: fs.watch misses events on network and
 * container-mounted folders and fires several times per write; a stat of one
 * folder every few seconds is cheap and predictable.
 *
 * A half-written file must not be ingested half: a file is read only once
 * its size and modification time are the same on two polls in a row and it
 * has not been modified for `settleMs`. (`npm run ingest` goes further and
 * renames the file into place, which is atomic.)
 *
 * An idle poll costs the same whatever the folder's size: a folder's mtime
 * changes when a file is added, removed or renamed into place, so every file
 * is listed and stat'ed only when it did (or it changed too recently to trust
 * a coarse mtime); otherwise a poll stats the folder, the files still
 * settling, and the next `sweepBatch` files in turn, for a file rewritten in
 * place, which changes only its own mtime (found within files / sweepBatch
 * polls). A stat of each of 550 files every 5 s was the bot's largest idle
 * cost.
 */
export function watchDigestDir(opts: {
  dir: string;
  intervalMs: number;
  settleMs?: number;
  /** How many files an idle poll stats in turn, for files rewritten in place (default 100). */
  sweepBatch?: number;
  now?: () => Date;
  onDigest: (digest: ParsedDigest) => void;
  /** After each look at the folder that read some digest: what one look brought is complete (follow alerts gather by it). */
  onScanEnd?: () => void;
  /** Told once when the folder cannot be read, not at every poll while that lasts. */
  onError?: (message: string) => void;
  /** Told once when the folder can be read again after an error. */
  onRecovered?: (message: string) => void;
}): { stop(): void; poll(): Promise<void> } {
  const settleMs = opts.settleMs ?? 2000;
  const sweepBatch = opts.sweepBatch ?? 100;
  const seen = new Map<string, { size: number; mtimeMs: number; done: boolean }>();
  let folderMtimeMs: number | undefined;
  // The digest files of the last listing, and where the sweep through them got to.
  let listed: string[] = [];
  let sweepAt = 0;
  let running = false;
  // An unreadable folder stays unreadable for a while: one message when that starts, one when it ends.
  let failing = false;

  const poll = async () => {
    if (running) return;
    running = true;
    let read = 0;
    try {
      const names = await namesToCheck();
      if (failing) {
        failing = false;
        opts.onRecovered?.(`the digest folder ${opts.dir} can be read again`);
      }
      for (const name of names) {
        const path = join(opts.dir, name);
        const info = await stat(path).catch(() => undefined);
        if (!info?.isFile()) continue;
        const last = seen.get(name);
        if (last && last.size === info.size && last.mtimeMs === info.mtimeMs) {
          if (last.done || (settleMs > 0 && Date.now() - info.mtimeMs < settleMs)) continue;
          last.done = true;
          opts.onDigest(await readDigestFile(path, { now: opts.now?.() ?? new Date() }));
          read++;
        } else {
          // New or still changing: look again next poll.
          seen.set(name, { size: info.size, mtimeMs: info.mtimeMs, done: false });
        }
      }
    } catch (err) {
      if (!failing) {
        failing = true;
        opts.onError?.(`cannot read the digest folder ${opts.dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}); paperbot keeps trying and says when it can read it again`);
      }
    } finally {
      running = false;
      if (read > 0) opts.onScanEnd?.();
    }
  };

  /** Every digest file when the folder changed; else the files still settling and the sweep's next few. */
  const namesToCheck = async (): Promise<string[]> => {
    const folder = await stat(opts.dir);
    // Within 2 s of a change, a second change may leave a coarse (1 s, network) mtime as it was.
    if (folder.mtimeMs !== folderMtimeMs || Date.now() - folder.mtimeMs < 2000) {
      folderMtimeMs = folder.mtimeMs;
      listed = (await readdir(opts.dir)).filter((n) => DIGEST_FILE.test(n) && !n.startsWith('.'));
      return listed;
    }
    const names = new Set([...seen].filter(([, s]) => !s.done).map(([name]) => name));
    for (let i = 0; i < Math.min(sweepBatch, listed.length); i++) names.add(listed[(sweepAt + i) % listed.length]!);
    sweepAt = listed.length === 0 ? 0 : (sweepAt + sweepBatch) % listed.length;
    return [...names];
  };

  /** Files present at start were loaded already: remember them as done. */
  const primed = (async () => {
    const names = await readdir(opts.dir).catch(() => [] as string[]);
    for (const name of names) {
      const info = await stat(join(opts.dir, name)).catch(() => undefined);
      if (info?.isFile()) seen.set(name, { size: info.size, mtimeMs: info.mtimeMs, done: true });
    }
  })();
  const timer = setInterval(() => void primed.then(poll), opts.intervalMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    poll: async () => {
      await primed;
      await poll();
    },
  };
}
