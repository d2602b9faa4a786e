import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { StoreError, StoreUnavailableError, type Store } from '../../src/store/store.js';
import { freePort, freshDatabase, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { storeContract } from './store-contract.js';

const opened: Store[] = [];
const servers: TestPostgres[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const s of servers.splice(0)) await s.destroy();
});
const open = async (url: string, opts: Parameters<typeof openPostgresStore>[1] = {}) => {
  const store = await openPostgresStore(url, { startupWaitMs: 0, ...opts });
  opened.push(store);
  return store;
};

/** Runs SQL on a database directly, as an operator (or another program) would. */
async function sql(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

storeContract('PostgreSQL', async () => open(await freshDatabase()));

describe('PostgreSQL store', () => {
  it('names its database without the password', async () => {
    const url = await freshDatabase();
    const password = new URL(url).password;
    const store = await open(url);
    expect(store.location).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/test_[0-9a-f]+$/);
    expect(store.location).not.toContain(password);
  });

  it('tells of a digest whose write was in progress at the last look once it commits, even after later writes', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    const digest = (file: string) => ({ file, sections: [{ date: '2026-04-21', line: 1, papers: [{ title: file, abstract: 'x', rank: 1, line: 3 }] }], problems: [] });
    const start = await store.archivedSince(undefined);
    // Another replica's write, begun first and committed last.
    const slow = new pg.Client({ connectionString: url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(`INSERT INTO digests (file, parsed, ingested_at) VALUES ('slow.txt', $1, 1)`, [JSON.stringify(digest('slow.txt'))]);
      await store.archiveDigest(digest('fast.txt'), 2);
      const during = await store.archivedSince(start.cursor);
      expect(during.files).toEqual(['fast.txt']);
      await slow.query('COMMIT');
      expect((await store.archivedSince(during.cursor)).files).toEqual(['slow.txt']);
    } finally {
      await slow.end();
    }
  });

  it('runs each migration once when several replicas start at the same time', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all(Array.from({ length: 5 }, () => open(url)));
    const { rows } = await sql(url, 'SELECT version FROM paperbot_migrations ORDER BY version');
    expect(rows.map((r: { version: number }) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    // All five work on the one schema.
    await stores[0]!.upsertSubscription({ channel: 'slack:C1', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [1], source: 'command' });
    expect(await stores[4]!.getSubscription('slack:C1', 'daily')).toMatchObject({ time: '09:00' });
  });

  it('migrates a database made by the first schema, keeping its rows', async () => {
    const url = await freshDatabase();
    await sql(url, `CREATE TABLE paperbot_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()); ${PG_MIGRATIONS[0]!}; INSERT INTO paperbot_migrations (version) VALUES (1);`);
    await sql(url, `INSERT INTO subscriptions (channel, time, timezone, source, days) VALUES ('slack:C1', '08:00', 'Europe/Paris', 'command', '{1,2}')`);
    const store = await open(url);
    expect(await store.getSubscription('slack:C1', 'daily')).toEqual({ channel: 'slack:C1', cadence: 'daily', time: '08:00', timezone: 'Europe/Paris', days: [1, 2], source: 'command' });
    expect(await store.acquireLease('gateway', 'me', 0, 1000)).toBe(true);
    expect((await sql(url, 'SELECT max(version) AS v FROM paperbot_migrations')).rows[0].v).toBe(PG_MIGRATIONS.length);
  });

  it('refuses a database from a newer paperbot, naming it without the password', async () => {
    const url = await freshDatabase();
    await open(url);
    await sql(url, 'INSERT INTO paperbot_migrations (version) VALUES (99)');
    const refused = openPostgresStore(url, { startupWaitMs: 0 });
    await expect(refused).rejects.toThrow(StoreError);
    await expect(refused).rejects.toThrow(/cannot open the paperbot database postgres:\/\/postgres@127\.0\.0\.1:\d+\/test_\w+: its schema version 99 is newer than this paperbot knows/);
    await expect(refused).rejects.not.toThrow(new URL(url).password);
  });

  it('refuses a wrong password at once, without echoing it', async () => {
    const url = new URL(await freshDatabase());
    url.password = 'not-the-password-4242';
    const refused = openPostgresStore(url.toString(), { startupWaitMs: 60_000 });
    await expect(refused).rejects.toThrow(/password authentication failed/);
    await expect(refused).rejects.not.toThrow(/not-the-password-4242/);
  });

  it('says a database that is not there cannot be reached', async () => {
    const url = `postgres://paperbot:secret-pw-77@127.0.0.1:${await freePort()}/paperbot`;
    const refused = openPostgresStore(url, { startupWaitMs: 0 });
    await expect(refused).rejects.toThrow(/cannot open the paperbot database postgres:\/\/paperbot@127\.0\.0\.1:\d+\/paperbot: it cannot be reached \(.*ECONNREFUSED/);
    await expect(refused).rejects.not.toThrow(/secret-pw-77/);
  });

  it('rejects a hand-edited row on the way out instead of guessing', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    await sql(url, `INSERT INTO subscriptions (channel, time, timezone, source, days) VALUES ('slack:C9', '25:99', 'UTC', 'command', '{1}')`);
    await expect(store.listSubscriptions()).rejects.toThrow(/HH:MM/);
    await sql(url, `INSERT INTO posts (channel, local_day, paper_id, status, claimed_at) VALUES ('slack:C9', '2026-04-21', 'aaaaaaaaaaaa', 'lost', 1)`);
    await expect(store.getPost('slack:C9', '2026-04-21')).rejects.toThrow(/status/);
  });

  it('keeps a digest whose text holds a NUL character', async () => {
    const store = await open(await freshDatabase());
    const digest = { file: 'nul.txt', sections: [{ date: '2026-04-21', line: 1, papers: [{ title: 'A\u0000B', abstract: 'x\u0000', rank: 1, line: 3 }] }], problems: [] };
    await store.archiveDigest(digest, 1);
    expect((await store.archivedDigests(['nul.txt']))[0]!.sections[0]!.papers[0]!.title).toBe('A\u0000B');
  });
});

describe('PostgreSQL going away and coming back', () => {
  it('reports the store unavailable while the server is down, and reconnects by itself', async () => {
    const server = await startPostgres();
    servers.push(server);
    const store = await open(await server.createDatabase(), { connectTimeoutMs: 2000 });
    await store.upsertSubscription({ channel: 'slack:C1', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [1], source: 'command' });
    await server.stop();
    await expect(store.listSubscriptions()).rejects.toThrow(StoreUnavailableError);
    await expect(store.ping()).rejects.toThrow(/cannot be reached/);
    const claim = { channel: 'slack:C1', localDay: '2026-04-21', paperId: 'aaaaaaaaaaaa', now: 1, maxAttempts: 3, retryAfterMs: 1 };
    await expect(store.claimPost(claim)).rejects.toThrow(StoreUnavailableError);
    await server.start();
    // The same store, no reopening: the pool makes new connections.
    expect((await store.listSubscriptions()).map((s) => s.channel)).toEqual(['slack:C1']);
    expect(await store.claimPost(claim)).toBe(true);
  });

  it('gives up on a database that stops answering without closing its connections, and recovers when it answers again', async () => {
    const direct = new URL(await freshDatabase());
    const proxy = await new TcpProxy(Number(direct.port)).start();
    try {
      const viaProxy = new URL(direct);
      viaProxy.port = String(proxy.port);
      const store = await open(viaProxy.toString(), { connectTimeoutMs: 300, queryTimeoutMs: 300 });
      await store.ping();
      proxy.blackhole();
      // A pooled connection that goes silent, then a new one that never completes: both bounded.
      await expect(store.ping()).rejects.toThrow(StoreUnavailableError);
      await expect(store.listSubscriptions()).rejects.toThrow(StoreUnavailableError);
      proxy.restore();
      await store.ping();
    } finally {
      await proxy.stop();
    }
  });
});
