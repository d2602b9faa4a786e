import { appendFileSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchDigestDir } from '../../../src/sources/digest/watch-digest-dir.js';
import type { ParsedDigest } from '../../../src/sources/digest/digest-types.js';
import { NOW, SAMPLE_PATH } from '../../helpers/sample.js';
import { useTmpDir } from '../../helpers/tmp-dir.js';

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
});
