import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { StoreError, type Store } from '../../src/store/store.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { storeContract } from './store-contract.js';

const tmp = useTmpDir();
const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
const open = (file = join(tmp(), 'data', 'paperbot.db')) => {
  const store = openSqliteStore(file);
  opened.push(store);
  return store;
};

storeContract('SQLite', async () => open());

describe('SQLite store', () => {
  it('keeps data across reopening, in WAL mode', async () => {
    const file = join(tmp(), 'paperbot.db');
    const a = open(file);
    await a.upsertSubscription({ channel: 'console', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [1], source: 'config' });
    await a.close();
    opened.splice(opened.indexOf(a), 1);
    const b = open(file);
    expect(await b.getSubscription('console', 'daily')).toMatchObject({ time: '09:00' });
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('migrates a database made by the first schema, keeping its rows', async () => {
    const file = join(tmp(), 'old.db');
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO subscriptions (channel, time, timezone, source) VALUES ('slack:C1', '08:00', 'Europe/Paris', 'command')`).run();
    db.prepare(`INSERT INTO posts (channel, local_day, paper_id, status, claimed_at) VALUES ('slack:C1', '2026-04-20', 'aaaaaaaaaaaa', 'sent', 1)`).run();
    db.close();
    const store = open(file);
    expect(await store.getSubscription('slack:C1', 'daily')).toEqual({ channel: 'slack:C1', cadence: 'daily', time: '08:00', timezone: 'Europe/Paris', days: [0, 1, 2, 3, 4, 5, 6], source: 'command' });
    expect([...(await store.postedPaperIds('slack:C1'))]).toEqual(['aaaaaaaaaaaa']);
    expect(await store.claimRun('k', 'me', 0, 1000)).toBe(true);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });

  it('refuses a corrupt file with an error naming it, and leaves it untouched', async () => {
    const file = join(tmp(), 'paperbot.db');
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(file, garbage);
    expect(() => open(file)).toThrow(StoreError);
    expect(() => open(file)).toThrow(new RegExp(`cannot open the paperbot database ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*not a database`));
  });

  it('refuses a database from a newer paperbot', async () => {
    const file = join(tmp(), 'new.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => open(file)).toThrow(/schema version 99 is newer/);
  });

  it('rejects a hand-edited row on the way out instead of guessing', async () => {
    const file = join(tmp(), 'edited.db');
    open(file);
    const db = new Database(file);
    db.prepare(`INSERT INTO subscriptions (channel, cadence, time, timezone, source, days) VALUES ('slack:C9', 'daily', '25:99', 'UTC', 'command', '1')`).run();
    db.close();
    await expect(open(file).listSubscriptions()).rejects.toThrow(/HH:MM/);
  });
});
