import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PATH } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = useTmpDir();

function ingest(args: string[], digestDir: string) {
  const r = spawnSync('npm', ['run', '--silent', 'ingest', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DIGEST_DIR: digestDir },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('npm run ingest', () => {
  it('validates a digest, prints what it found, and copies it into the digest folder', () => {
    const digests = tmp();
    const { code, out } = ingest([SAMPLE_PATH], digests);
    expect(code).toBe(0);
    expect(out).toMatch(/\d{4}-04-21: 84 papers, #1 "Towards Principled Evaluations/);
    expect(out).toContain(`Copied ${join(digests, 'hf-daily-papers-apr-21.txt')}: 84 papers over 1 day`);
    expect(readFileSync(join(digests, 'hf-daily-papers-apr-21.txt'), 'utf8')).toBe(readFileSync(SAMPLE_PATH, 'utf8'));
    expect(readdirSync(digests)).toEqual(['hf-daily-papers-apr-21.txt']); // no temporary file left
  });

  it('refuses a file with no papers, naming the problem, and copies nothing', () => {
    const digests = tmp();
    const bad = join(tmp(), 'bad.txt');
    writeFileSync(bad, 'no date here\n');
    const { code, out } = ingest([bad], digests);
    expect(code).toBe(1);
    expect(out).toContain('bad.txt:1: error: no date line found');
    expect(existsSync(join(digests, 'bad.txt'))).toBe(false);
  });
});
