import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { badFieldItems, dayBefore, fixtureWeeks } from '../huggingface/fixtures.js';
import { startFakeHfApi, type FakeHfApi } from '../huggingface/fake-hf-api.js';
import { freshDatabase } from '../helpers/postgres.js';
import { runNpm } from '../helpers/run-bot.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

const fetch = (args: string[], env: Record<string, string>) => runNpm(['run', '--silent', 'fetch', '--', ...args], '', env);

describe('npm run fetch', () => {
  it('imports a range of days into the store once, with progress, and skips them when run again', async () => {
    const today = new Date();
    const api = await startFakeHfApi({ days: fixtureWeeks(today, 21) });
    fakes.push(api);
    const dataDir = tmp();
    const env = { HF_API_URL: api.url, DATA_DIR: dataDir };
    const [from, to] = [dayBefore(today, 20), dayBefore(today, 7)];
    const first = await fetch(['--from', from, '--to', to], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`Fetching 14 of 14 days from ${api.url}`);
    expect(first.stderr).toMatch(/\[#{30}\] 14\/14 days · \d+ papers/);
    const store = openSqliteStore(join(dataDir, 'paperbot.db'));
    const days = await store.liveDays();
    await store.close();
    expect(days.map((d) => d.date)).toEqual([...Array(14).keys()].map((i) => dayBefore(today, 20 - i)));
    expect(days.every((d) => d.final)).toBe(true);

    const requests = api.requests.length;
    const again = await fetch([`--from=${from}`, `--to=${to}`], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Fetching 0 of 14 days');
    expect(api.requests.length).toBe(requests);
  });

  it('stores a day whose items carry bad fields, dropping only those fields, and exits 0', async () => {
    const day = '2026-01-14';
    const api = await startFakeHfApi({ days: new Map([[day, badFieldItems(day)]]) });
    fakes.push(api);
    const dataDir = tmp();
    const run = await fetch(['--from', day, '--to', day], { HF_API_URL: api.url, DATA_DIR: dataDir });
    expect(run.stderr).not.toContain('stopped');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('7 fields dropped');
    const store = openSqliteStore(join(dataDir, 'paperbot.db'));
    const days = await store.liveDays();
    await store.close();
    expect(days.map((d) => [d.date, d.papers.length, d.final])).toEqual([[day, 5, true]]);
  });

  it('with DATABASE_URL set, stores the days in PostgreSQL, as the bot would read them', async () => {
    const today = new Date();
    const api = await startFakeHfApi({ days: fixtureWeeks(today, 21) });
    fakes.push(api);
    const databaseUrl = await freshDatabase();
    const dataDir = tmp();
    const [from, to] = [dayBefore(today, 12), dayBefore(today, 8)];
    const run = await fetch(['--from', from, '--to', to], { HF_API_URL: api.url, DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Fetching 5 of 5 days');
    // The location is named without the password.
    expect(run.stderr).not.toContain(new URL(databaseUrl).password);
    expect(existsSync(join(dataDir, 'paperbot.db'))).toBe(false);
    const store = await openStore({ databaseUrl, dataDir });
    try {
      expect((await store.liveDays()).map((d) => d.date)).toEqual([...Array(5).keys()].map((i) => dayBefore(today, 12 - i)));
    } finally {
      await store.close();
    }
  });

  it('explains bad arguments, with exit code 2', async () => {
    const env = { DATA_DIR: tmp() };
    for (const [args, message] of [
      [[], '--from is required'],
      [['--from', '2026-02-30'], 'from: expected a day that exists (no Feb 30)'],
      [['--from', '2026-05-01', '--to', '2026-04-01'], '--from must not be after --to'],
      [['--since', '2026-01-01'], 'unknown argument "--since"'],
    ] as const) {
      const run = await fetch([...args], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('usage: npm run fetch -- --from YYYY-MM-DD [--to YYYY-MM-DD]');
    }
  });

  it('stops on a failing API, keeping what it fetched, and says how to continue', async () => {
    const api = await startFakeHfApi({ days: new Map() });
    fakes.push(api);
    api.fail({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const run = await fetch(['--from', '2026-01-01', '--to', '2026-01-03'], { HF_API_URL: api.url, DATA_DIR: tmp() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('stopped (server error (HTTP 500)). Days fetched so far are stored; run the same command again to continue.');
  });
});
