import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDigestDir } from '../../../src/sources/digest/load-digest-dir.js';
import { readDigestFile } from '../../../src/sources/digest/read-digest-file.js';
import { NOW, SAMPLE_PATH } from '../../helpers/sample.js';
import { useTmpDir } from '../../helpers/tmp-dir.js';

const tmp = useTmpDir();
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('reading digest files', () => {
  it('rejects a 50 MB file with an error naming it, without reading it', async () => {
    const dir = tmp();
    const big = join(dir, 'huge.txt');
    writeFileSync(big, '');
    truncateSync(big, 50 * 1024 * 1024);
    const d = await readDigestFile(big, { now: NOW });
    expect(d.sections).toEqual([]);
    expect(d.problems).toEqual([{ level: 'error', file: 'huge.txt', message: expect.stringMatching(/50\.0 MB, over the 16\.0 MB limit/) }]);
  });

  it('reads a Windows-1252 file with a warning', async () => {
    const dir = tmp();
    const file = join(dir, 'latin.txt');
    writeFileSync(file, Buffer.from('Apr 21\n\nCaf\xe9 Models\n\nWe study caf\xe9s. It works.\n', 'latin1'));
    const d = await readDigestFile(file, { now: NOW });
    expect(d.sections[0]!.papers[0]!.title).toBe('Café Models');
    expect(d.problems[0]).toMatchObject({ level: 'warning', message: expect.stringContaining('not valid UTF-8') });
  });

  it('names a file it cannot read', async () => {
    const d = await readDigestFile('/nonexistent/nope.txt', { now: NOW });
    expect(d.problems).toEqual([{ level: 'error', file: 'nope.txt', message: 'cannot read the file (ENOENT)' }]);
  });
});

describe('loading a digest folder', () => {
  it('loads the good files when others are empty, binary, undated or oversized', async () => {
    const dir = tmp();
    copyFileSync(SAMPLE_PATH, join(dir, 'a-sample.txt'));
    writeFileSync(join(dir, 'b-empty.txt'), '');
    writeFileSync(join(dir, 'c-binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a]));
    writeFileSync(join(dir, 'd-nodate.txt'), 'Some Title\n\nWe study things. It works.\n');
    writeFileSync(join(dir, 'e-huge.txt'), '');
    truncateSync(join(dir, 'e-huge.txt'), 50 * 1024 * 1024);
    writeFileSync(join(dir, 'notes.md'), 'not a digest');
    mkdirSync(join(dir, 'sub.txt'));
    const { digests, problems } = await loadDigestDir(dir, NOW);
    expect(digests.map((d) => d.file)).toEqual(['a-sample.txt', 'b-empty.txt', 'c-binary.txt', 'd-nodate.txt', 'e-huge.txt', 'sub.txt']);
    expect(digests[0]!.sections[0]!.papers).toHaveLength(84);
    expect(problems.map((p) => [p.file, p.level])).toEqual([
      ['b-empty.txt', 'error'],
      ['c-binary.txt', 'error'],
      ['d-nodate.txt', 'error'],
      ['e-huge.txt', 'error'],
      ['sub.txt', 'error'],
    ]);
  });

  it('loads a folder of more digests than the process may open files at once (EMFILE)', () => {
    const dir = tmp();
    for (let i = 0; i < 400; i++) writeFileSync(join(dir, `d${String(i).padStart(4, '0')}.txt`), `Apr 21\n\nTitle Number ${i} Of Many\n\nWe study thing ${i}. It works.\n`);
    // A real process under a real limit of 128 open files: reading all 400 at once failed with EMFILE.
    const script = `import { loadDigestDir } from './src/sources/digest/load-digest-dir.ts';
      const r = await loadDigestDir(${JSON.stringify(dir)}, new Date('2026-11-28T12:00:00Z'));
      process.stdout.write(JSON.stringify({ read: r.digests.filter((d) => d.sections.length > 0).length, problems: r.problems.slice(0, 3) }));`;
    const result = spawnSync('sh', ['-c', `ulimit -n 128 && exec "${process.execPath}" --import tsx --input-type=module -e "$0"`, script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ read: 400, problems: [] });
  });

  it('reports a missing folder instead of throwing', async () => {
    const { digests, problems } = await loadDigestDir('/nonexistent-digests', NOW);
    expect(digests).toEqual([]);
    expect(problems).toEqual([{ level: 'error', file: '/nonexistent-digests', message: expect.stringContaining('ENOENT') }]);
  });
});
