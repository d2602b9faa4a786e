import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/postgres.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = useTmpDir();

function start(env: Record<string, string>, input = '', preload: string[] = []) {
  return spawnSync(process.execPath, [...preload, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: tmp(), HF_API: 'off', ...env },
  });
}

// Loaded before the bot: at exit, says how many of pg's modules the process loaded (pg is CommonJS,
// so every one of them is in require's cache, whoever imported it).
const COUNT_PG_MODULES = `data:text/javascript,${encodeURIComponent(`
  import { createRequire } from 'node:module';
  import { writeSync } from 'node:fs';
  const cache = createRequire(process.cwd() + '/').cache;
  process.on('exit', () => writeSync(2, 'pg modules loaded: ' + Object.keys(cache).filter((k) => /[\\\\/]node_modules[\\\\/]pg[\\\\/]/.test(k)).length + '\\n'));
`)}`;

describe('DATABASE_URL', () => {
  it('is the only thing that loads pg: a start on SQLite never imports it', async () => {
    const sqlite = start({}, 'help\n', ['--import', COUNT_PG_MODULES]);
    expect(sqlite.status).toBe(0);
    expect(sqlite.stderr).toContain('pg modules loaded: 0\n');
    // The same count sees pg when it is used, so the 0 above is not a count that cannot see it.
    const postgres = start({ DATABASE_URL: await freshDatabase() }, 'help\n', ['--import', COUNT_PG_MODULES]);
    expect(postgres.status).toBe(0);
    expect(postgres.stderr).toMatch(/pg modules loaded: [1-9]\d*\n/);
  });

  it('runs the console on PostgreSQL, keeping subscriptions in the database rather than in DATA_DIR', async () => {
    const url = await freshDatabase();
    const first = start({ DATABASE_URL: url }, 'help\n');
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/store: migrated postgres:\/\/postgres@127\.0\.0\.1:\d+\/test_\w+ from schema version 0 to \d+/);
    expect(first.stderr).not.toContain(new URL(url).password);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO subscriptions (channel, time, timezone, source, days) VALUES ('console', '07:15', 'UTC', 'command', '{1,2,3,4,5}')`);
    await client.end();
    const second = start({ DATABASE_URL: url }, 'subscriptions\n');
    expect(second.stdout).toContain('this channel: at 07:15 UTC, Mon–Fri');
  });

  it('refuses a database of a newer schema with exit code 2, naming it without its password', async () => {
    const url = await freshDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE paperbot_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()); INSERT INTO paperbot_migrations (version) VALUES (99)');
    await client.end();
    const run = start({ DATABASE_URL: url });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^paperbot: cannot open the paperbot database postgres:\/\/postgres@127\.0\.0\.1:\d+\/test_\w+: its schema version 99 is newer than this paperbot knows/m);
    expect(run.stderr).not.toContain(new URL(url).password);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a URL that is not PostgreSQL, by name, without echoing it', () => {
    const run = start({ DATABASE_URL: 'mysql://bot:hunter2-secret@db/paperbot' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('DATABASE_URL: expected postgres://user:password@host:5432/database');
    expect(run.stderr).not.toContain('hunter2-secret');
  });
});
