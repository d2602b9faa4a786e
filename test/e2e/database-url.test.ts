import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/postgres.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = useTmpDir();

function start(env: Record<string, string>, input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: tmp(), HF_API: 'off', ...env },
  });
}

describe('DATABASE_URL', () => {
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
