import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTmpDir } from '../helpers/tmp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = useTmpDir();
// Every run gets its own data folder, so tests never touch the project's data/.
let dataDir = '';
beforeEach(() => {
  dataDir = tmp();
});

/** Runs `npm start` exactly as a user would, with piped input. */
function npmStart(input: string, env: Record<string, string> = {}) {
  const result = spawnSync('npm', ['start', '--silent'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 30_000,
    // No platform tokens: the console adapter is the one that starts.
    // HF_API=off: no test reaches the internet (the live source has its own tests against a fake).
    // COLUMNS: wide, so these checks read whole lines (wrapping has its own test, console-terminal).
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, HF_API: 'off', COLUMNS: '1000', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm start (console, no tokens)', () => {
  it('answers piped commands from the bundled digest and exits 0 at end of input', () => {
    const { code, stdout, stderr } = npmStart('/paper sparse autoencoders\nabstract 1\n');
    expect(code).toBe(0);
    expect(stderr).toMatch(/Loaded 1 digest file from seeds: 84 papers over 1 day in \d+ ms/);
    expect(stdout).toContain('Results for "sparse autoencoders": 7 matches, page 1 of 2');
    expect(stdout).toContain('Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control');
    expect(stdout).toContain('↳ Abstract of');
    expect(stdout).not.toContain('paper> ');
  });

  it('shows warnings about bad digest files and still answers from the good ones', () => {
    const dir = tmp();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'good.txt'), 'Apr 21\n\nZebra Finch Song Models\n\nWe model zebra finch songs. It works.\n');
    writeFileSync(join(dir, 'bad.txt'), 'no date here\n');
    const { code, stdout, stderr } = npmStart('zebra\n', { DIGEST_DIR: dir });
    expect(code).toBe(0);
    expect(stderr).toContain('bad.txt:1: error: no date line found');
    expect(stderr).toMatch(/1 paper over 1 day .*\(1 error above\)/);
    expect(stdout).toContain('Zebra Finch Song Models');
  });

  it('logs one JSON object per line with LOG_FORMAT=json', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'good.txt'), 'Apr 21\n\nZebra Finch Song Models\n\nWe model zebra finch songs. It works.\n');
    writeFileSync(join(dir, 'bad.txt'), 'no date here\n');
    const { code, stdout, stderr } = npmStart('zebra\n', { DIGEST_DIR: dir, LOG_FORMAT: 'json' });
    expect(code).toBe(0);
    expect(stdout).toContain('Zebra Finch Song Models');
    const entries = stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string; time: string });
    expect(entries.find((e) => e.level === 'error')).toMatchObject({ msg: 'bad.txt:1: error: no date line found (expected a line such as "Apr 21" before the papers); nothing loaded' });
    expect(entries.some((e) => e.level === 'info' && /^Loaded 1 digest file .* \(1 skipped\)/.test(e.msg))).toBe(true);
  });

  it('refuses a bad setting, naming the variable, with exit code 2', () => {
    const { code, stderr } = npmStart('', { LOG_LEVEL: 'loud' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/LOG_LEVEL: .*\(got "loud"\)/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('prints the daily paper to a console subscription once a day, across restarts', () => {
    const env = { DAILY_CHANNELS: 'console', DAILY_TIME: '00:00', DAILY_TIMEZONE: 'Pacific/Kiritimati' };
    const first = npmStart('', env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('[daily paper for #console]');
    expect(first.stdout).toContain('Today’s top trending paper: Towards Principled Evaluations of Sparse Autoencoders');
    expect(first.stdout).toContain('↳ Abstract of');
    expect(first.stderr).toMatch(/daily: posted "Towards Principled Evaluations.*" \(#1 on \d{4}-04-21\) to console/);
    const second = npmStart('next\n', env);
    expect(second.stdout).not.toContain('[daily paper for #console]');
    expect(second.stdout).toContain('Next: [Re] Don');
  });

  it('keeps papers whose digest file was deleted or broke after it was ingested', () => {
    const dir = tmp();
    const file = join(dir, 'good.txt');
    writeFileSync(file, 'Apr 21\n\nZebra Finch Song Models\n\nWe model zebra finch songs. It works.\n');
    expect(npmStart('zebra\n', { DIGEST_DIR: dir }).stdout).toContain('Zebra Finch Song Models');
    writeFileSync(file, 'broken now\n');
    const broken = npmStart('zebra\n', { DIGEST_DIR: dir });
    expect(broken.stderr).toContain('good.txt:1: error: no date line found');
    expect(broken.stderr).toContain('Kept 1 papers from earlier copies of 1 digest that is gone or now partly unreadable');
    expect(broken.stdout).toContain('Zebra Finch Song Models');
    rmSync(file);
    expect(npmStart('zebra\n', { DIGEST_DIR: dir }).stdout).toContain('Zebra Finch Song Models');
  });
});

describe('npm start on a fresh clone', () => {
  it('builds the bot once into dist/bot, with source maps, runs that, and rebuilds only after a source changes', () => {
    // A copy of the checkout without dist/ (node_modules shared, as after `npm ci`).
    const clone = tmp();
    for (const part of ['src', 'adapters', 'seeds', 'scripts', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, part), join(clone, part), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(clone, 'node_modules'));
    const start = (input: string) =>
      spawnSync('npm', ['start', '--silent'], { cwd: clone, input, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, HF_API: 'off' } });

    const first = start('/paper sparse autoencoders\n');
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/paperbot: built dist\/bot in \d+ ms/);
    expect(first.stdout).toContain('Results for "sparse autoencoders": 7 matches');
    expect(existsSync(join(clone, 'dist/bot/main.js'))).toBe(true);
    expect(existsSync(join(clone, 'dist/bot/fold-worker.js'))).toBe(true);
    // Stack traces name the TypeScript sources.
    const map = JSON.parse(readFileSync(join(clone, 'dist/bot/main.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toContain('../../src/main.ts');

    const again = start('/paper sparse autoencoders\n');
    expect(again.status).toBe(0);
    expect(again.stderr).not.toMatch(/built dist\/bot/);

    const later = new Date(Date.now() + 5_000);
    utimesSync(join(clone, 'src/version.ts'), later, later);
    const edited = start('/paper sparse autoencoders\n');
    expect(edited.status).toBe(0);
    expect(edited.stderr).toMatch(/paperbot: built dist\/bot in \d+ ms/);
    expect(edited.stdout).toContain('Results for "sparse autoencoders": 7 matches');
  });
});
