import { appendFileSync, copyFileSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { watchDigestDir } from '../../../src/sources/digest/watch-digest-dir.js';
import type { ParsedDigest } from '../../../src/sources/digest/digest-types.js';
import { NOW, SAMPLE_PATH } from '../../helpers/sample.js';
import { useTmpDir } from '../../helpers/tmp-dir.js';

// The watcher's file system calls, counted (and passed through).
const calls = vi.hoisted(() => ({ stat: 0, readdir: 0 }));
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  return {
    ...fs,
    stat: (...args: Parameters<typeof fs.stat>) => (calls.stat++, fs.stat(...args)),
    readdir: (...args: Parameters<typeof fs.readdir>) => (calls.readdir++, (fs.readdir as (...a: unknown[]) => unknown)(...args)),
  };
});

const tmp = useTmpDir();
const A = 'We study a thing. It works well.';

function watcher(dir: string) {
  const got: ParsedDigest[] = [];
  const w = watchDigestDir({ dir, intervalMs: 60_000, settleMs: 0, now: () => NOW, onDigest: (d) => got.push(d) });
  return { got, w };
}

describe('watching the digest folder', () => {
  it('ingests a new file once it is stable across two polls, and only once', async () => {
    const dir = tmp();
    copyFileSync(SAMPLE_PATH, join(dir, 'already-there.txt'));
    const { got, w } = watcher(dir);
    await w.poll();
    expect(got).toEqual([]); // files present at start were loaded by the bot already
    writeFileSync(join(dir, 'new.txt'), `Apr 22\n\nFresh Paper\n\n${A}\n`);
    await w.poll(); // first sight: wait
    expect(got).toEqual([]);
    await w.poll(); // unchanged since: read it
    expect(got.map((d) => d.sections[0]!.papers[0]!.title)).toEqual(['Fresh Paper']);
    await w.poll();
    expect(got).toHaveLength(1);
    w.stop();
  });

  it('does not ingest a file that is still being written', async () => {
    const dir = tmp();
    const { got, w } = watcher(dir);
    await w.poll();
    const file = join(dir, 'growing.txt');
    writeFileSync(file, `Apr 22\n\nFirst Half Title\n\n`);
    await w.poll();
    appendFileSync(file, `${A}\n\nSecond Paper\n\n`);
    await w.poll(); // changed since the last poll: still waiting
    expect(got).toEqual([]);
    appendFileSync(file, `${A}\n`);
    await w.poll();
    await w.poll();
    expect(got).toHaveLength(1);
    expect(got[0]!.sections[0]!.papers.map((p) => [p.title, p.abstract])).toEqual([
      ['First Half Title', A],
      ['Second Paper', A],
    ]);
    w.stop();
  });

  it('waits for a quiet period after the last write (settleMs)', async () => {
    const dir = tmp();
    const got: ParsedDigest[] = [];
    const w = watchDigestDir({ dir, intervalMs: 60_000, settleMs: 60_000, onDigest: (d) => got.push(d) });
    await w.poll();
    writeFileSync(join(dir, 'fresh.txt'), `Apr 22\n\nT\n\n${A}\n`);
    await w.poll();
    await w.poll();
    expect(got).toEqual([]);
    w.stop();
  });

  it('reports an unreadable folder once, not at every poll, and again after it recovers and fails anew', async () => {
    const dir = tmp();
    const errors: string[] = [];
    const recovered: string[] = [];
    const w = watchDigestDir({ dir, intervalMs: 60_000, settleMs: 0, onDigest: () => undefined, onError: (m) => errors.push(m), onRecovered: (m) => recovered.push(m) });
    await w.poll();
    rmSync(dir, { recursive: true });
    for (let i = 0; i < 5; i++) await w.poll();
    expect(errors).toEqual([`cannot read the digest folder ${dir} (ENOENT); paperbot keeps trying and says when it can read it again`]);
    mkdirSync(dir);
    await w.poll();
    await w.poll();
    expect(recovered).toEqual([`the digest folder ${dir} can be read again`]);
    rmSync(dir, { recursive: true });
    await w.poll();
    await w.poll();
    expect(errors).toHaveLength(2);
    w.stop();
  });

  it('costs the same per idle poll whatever the folder holds; a file rewritten in place is found by the sweep', async () => {
    const dir = tmp();
    for (let i = 0; i < 200; i++) writeFileSync(join(dir, `d${i}.txt`), `Apr 22\n\nPaper ${i}\n\n${A}\n`);
    // Written a minute ago: the folder's mtime is past the window where a coarse one could hide a change.
    const past = new Date(Date.now() - 60_000);
    for (let i = 0; i < 200; i++) utimesSync(join(dir, `d${i}.txt`), past, past);
    utimesSync(dir, past, past);
    const got: ParsedDigest[] = [];
    const w = watchDigestDir({ dir, intervalMs: 60_000, settleMs: 0, sweepBatch: 5, now: () => NOW, onDigest: (d) => got.push(d) });
    await w.poll(); // the first look lists every file
    calls.stat = 0;
    calls.readdir = 0;
    for (let i = 0; i < 10; i++) await w.poll();
    expect(calls).toEqual({ stat: 10 * (1 + 5), readdir: 0 }); // the folder, and 5 files in turn

    // A new file renamed into place changes the folder: it is found, then read once settled.
    writeFileSync(join(dir, 'new.txt'), `Apr 23\n\nFresh Paper\n\n${A}\n`);
    await w.poll();
    await w.poll();
    expect(got.map((d) => d.sections[0]!.papers[0]!.title)).toEqual(['Fresh Paper']);
    w.stop();

    // The sweep sees a file rewritten in place, which leaves the folder's mtime alone (every file each poll here).
    utimesSync(dir, past, past);
    const swept: ParsedDigest[] = [];
    const s = watchDigestDir({ dir, intervalMs: 60_000, settleMs: 0, sweepBatch: 1000, now: () => NOW, onDigest: (d) => swept.push(d) });
    await s.poll();
    writeFileSync(join(dir, 'd7.txt'), `Apr 22\n\nPaper 7, corrected\n\n${A}\n`);
    utimesSync(dir, past, past);
    await s.poll();
    await s.poll();
    expect(swept.map((d) => d.sections[0]!.papers[0]!.title)).toEqual(['Paper 7, corrected']);
    s.stop();
  });
});
