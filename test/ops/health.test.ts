import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes, healthServing, storeCheck } from '../../src/ops/health.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { DB_FILE } from '../../src/store/sqlite/sqlite-store.js';
import { freshDatabase } from '../helpers/postgres.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { startHttpServer, type RunningHttpServer } from '../../src/ops/http-server.js';
import { createLogger } from '../../src/ops/logger.js';

const servers: RunningHttpServer[] = [];
const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const c of cleanup.splice(0).reverse()) await c();
});
const tmp = useTmpDir();
const sqliteStore = useSqliteStores(tmp);

async function serve(routes: Parameters<typeof startHttpServer>[0]['routes']) {
  const logs: string[] = [];
  const server = await startHttpServer({ routes, port: 0, host: '127.0.0.1', logger: createLogger({ level: 'info', write: (l) => logs.push(l) }) });
  servers.push(server);
  const get = async (path: string, method = 'GET') => {
    const res = await fetch(`http://127.0.0.1:${server.port()}${path}`, { method, signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return { get, logs };
}

describe('health and readiness', () => {
  it('is alive at once, and ready only when every check passes, saying which do not', async () => {
    let storeUp = false;
    const { get } = await serve(
      healthRoutes([
        { name: 'library', check: () => ({ ok: true, detail: '84 papers' }) },
        {
          name: 'store',
          check: async () => {
            if (!storeUp) throw new Error('the store postgres://bot@db/paperbot cannot be reached: connect ECONNREFUSED');
            return { ok: true, detail: 'postgres://bot@db/paperbot' };
          },
        },
      ]),
    );
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'alive' } });
    expect(await get('/readyz')).toEqual({
      status: 503,
      body: {
        status: 'not ready',
        checks: { library: { ok: true, detail: '84 papers' }, store: { ok: false, detail: 'the store postgres://bot@db/paperbot cannot be reached: connect ECONNREFUSED' } },
      },
    });
    // An operator who keeps replicas serving searches through a database outage leaves the store out.
    expect(await get('/readyz?exclude=store')).toEqual({ status: 200, body: { status: 'ready', checks: { library: { ok: true, detail: '84 papers' } } } });
    storeUp = true;
    expect((await get('/readyz')).status).toBe(200);
  });

  it('bounds a check that hangs', async () => {
    const { get } = await serve(healthRoutes([{ name: 'store', check: () => new Promise(() => undefined) }], { timeoutMs: 50 }));
    expect(await get('/readyz')).toEqual({ status: 503, body: { status: 'not ready', checks: { store: { ok: false, detail: 'no answer within 50 ms' } } } });
  });

  it('answers 404 off its routes, 405 to other methods, and 500 when a route throws', async () => {
    const { get, logs } = await serve([
      ...healthRoutes([]),
      {
        path: '/broken',
        handle: () => {
          throw new Error('boom');
        },
      },
    ]);
    expect((await get('/nothing')).status).toBe(404);
    expect((await get('/healthz', 'POST')).status).toBe(405);
    expect((await get('/healthz', 'HEAD')).status).toBe(200);
    expect((await get('/broken')).status).toBe(500);
    expect(logs).toContain('error: http: /broken failed: boom');
  });
});

describe('readiness of a store that answers reads but refuses writes', () => {
  type Ready = { status: number; body: { checks: { store: { ok: boolean; detail: string } } } };

  it('is not ready while a PostgreSQL table paperbot writes is locked, and ready again once it is not', { timeout: 30_000 }, async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore(url, { startupWaitMs: 0 });
    cleanup.push(() => store.close());
    const { get } = await serve(healthRoutes([storeCheck(store)]));
    expect(((await get('/readyz')) as Ready).body.checks.store).toEqual({ ok: true, detail: store.location });
    // An operator's (or a migration's) LOCK TABLE: reads still answer, every write to posts waits.
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    cleanup.push(() => locker.end());
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE posts');
    await expect(store.listSubscriptions()).resolves.toEqual([]);
    const locked = (await get('/readyz')) as Ready;
    expect(locked.status).toBe(503);
    expect(locked.body.checks.store.ok).toBe(false);
    expect(locked.body.checks.store.detail).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/test_\w+ does not take writes: table posts is locked by another session/);
    await locker.query('ROLLBACK');
    expect(((await get('/readyz')) as Ready).status).toBe(200);
  });

  it('is not ready while another connection holds SQLite\'s write lock, and ready again once it lets go', async () => {
    const dir = tmp();
    const store = sqliteStore(join(dir, DB_FILE));
    const { get } = await serve(healthRoutes([storeCheck(store)]));
    expect(((await get('/readyz')) as Ready).status).toBe(200);
    const other = new Database(join(dir, DB_FILE));
    cleanup.push(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    await expect(store.listSubscriptions()).resolves.toEqual([]);
    const locked = (await get('/readyz')) as Ready;
    expect(locked.status).toBe(503);
    expect(locked.body.checks.store.detail).toMatch(/the database is locked by another process \(EBUSY\)/);
    other.exec('COMMIT');
    expect(((await get('/readyz')) as Ready).status).toBe(200);
  });
});

describe('where the health routes are served', () => {
  it('on HEALTH_PORT if set, else beside Slack in HTTP mode, else on PORT only if it was set', () => {
    expect(healthServing({ healthPort: 9090, port: 3000, slackHttp: true })).toEqual({ kind: 'own', port: 9090 });
    expect(healthServing({ port: 3000, slackHttp: true })).toEqual({ kind: 'slack' });
    expect(healthServing({ slackHttp: true })).toEqual({ kind: 'slack' });
    expect(healthServing({ port: 8080, slackHttp: false })).toEqual({ kind: 'own', port: 8080 });
    expect(healthServing({ slackHttp: false })).toEqual({ kind: 'none' });
  });
});
