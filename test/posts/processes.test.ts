import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTmpDir } from '../helpers/tmp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./tick-process.ts', import.meta.url));
const tmp = useTmpDir();

/** Runs one real bot process for one tick at `now`; resolves with its exit code. */
function tick(env: { DB: string; OUT: string; NOW: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DIGESTS: join(ROOT, 'seeds'), ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('tick process timed out'));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

const lines = (out: string) => (existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('the daily post across real processes on one SQLite file', () => {
  // Three processes on a new file also race to create and migrate the schema: this test caught
  // a migration run twice ("duplicate column name") before migrations took one IMMEDIATE transaction.
  it('three processes at the same minute, on a new store, post once between them', async () => {
    const dir = tmp();
    const env = { DB: join(dir, 'paperbot.db'), OUT: join(dir, 'out.txt'), NOW: '2026-04-22T07:05:00Z' }; // 09:05 in Paris
    expect(await Promise.all([tick(env), tick(env), tick(env)])).toEqual([0, 0, 0]);
    expect(lines(env.OUT)).toHaveLength(1);
    expect(lines(env.OUT)[0]).toContain('Towards Principled Evaluations');
  });

  it('a restart the same day does not post again; a start after a missed morning catches up', async () => {
    const dir = tmp();
    const base = { DB: join(dir, 'paperbot.db'), OUT: join(dir, 'out.txt') };
    expect(await tick({ ...base, NOW: '2026-04-22T07:00:00Z' })).toBe(0); // 09:00 Paris
    expect(await tick({ ...base, NOW: '2026-04-22T10:00:00Z' })).toBe(0); // restarted at 12:00
    expect(lines(base.OUT)).toHaveLength(1);
    // Down over 09:00 on Apr 23; started at 15:30 Paris time: it posts then, the next paper.
    expect(await tick({ ...base, NOW: '2026-04-23T13:30:00Z' })).toBe(0);
    expect(lines(base.OUT)).toHaveLength(2);
    expect(lines(base.OUT)[1]).toContain('[Re] Don');
  });
});
