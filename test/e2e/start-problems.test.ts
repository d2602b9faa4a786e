import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTmpDir } from '../helpers/tmp-dir.js';

// Settings that point at the wrong kind of thing: each start says what is
// wrong with it in words that lead to the fix, not an errno.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = useTmpDir();

function start(env: Record<string, string>, input = '') {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: tmp(), HF_API: 'off', ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('a start with DATA_DIR or DIGEST_DIR pointing at the wrong thing', () => {
  it('says DATA_DIR is a file, not a folder (it said EEXIST and "make it writable")', () => {
    const file = join(tmp(), 'data');
    writeFileSync(file, 'not a folder\n');
    const run = start({ DATA_DIR: file });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`paperbot: cannot create the paperbot database ${file}/paperbot.db: ${file} is a file, not a folder. Set DATA_DIR to a folder`);
    expect(run.stderr).not.toContain('EEXIST');
    expect(run.stderr).not.toContain('writable');
  });

  it('says so too when a folder above DATA_DIR is a file', () => {
    const file = join(tmp(), 'data');
    writeFileSync(file, 'not a folder\n');
    const run = start({ DATA_DIR: join(file, 'paperbot') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file} is a file, not a folder`);
    expect(run.stderr).not.toContain('ENOTDIR');
  });

  it('says a DIGEST_DIR that does not exist does not exist, and counts "1 error" in the start line', () => {
    const missing = join(tmp(), 'no-such-digests');
    const run = start({ DIGEST_DIR: missing }, 'help\n');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${missing}: error: cannot read the digest folder: it does not exist (ENOENT); set DIGEST_DIR to the folder that holds your digest files`);
    expect(run.stderr).toMatch(/Loaded 0 digest files from .*: 0 papers over 0 days in \d+ ms \(1 error above\)/);
    expect(run.stderr).not.toContain('1 errors');
  });

  it('says a DIGEST_DIR that is a file is not a folder', () => {
    const file = join(tmp(), 'digest.txt');
    writeFileSync(file, 'Apr 21\n\nA Title\n\nAn abstract. It ends.\n');
    const run = start({ DIGEST_DIR: file }, 'help\n');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${file}: error: cannot read the digest folder: it is a file, not a folder (ENOTDIR); set DIGEST_DIR to the folder that holds your digest files`);
  });
});
