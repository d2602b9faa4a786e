import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes, healthServing } from '../../src/ops/health.js';
import { startHttpServer, type RunningHttpServer } from '../../src/ops/http-server.js';
import { createLogger } from '../../src/ops/logger.js';

const servers: RunningHttpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

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

describe('where the health routes are served', () => {
  it('on HEALTH_PORT if set, else beside Slack in HTTP mode, else on PORT only if it was set', () => {
    expect(healthServing({ healthPort: 9090, port: 3000, slackHttp: true })).toEqual({ kind: 'own', port: 9090 });
    expect(healthServing({ port: 3000, slackHttp: true })).toEqual({ kind: 'slack' });
    expect(healthServing({ slackHttp: true })).toEqual({ kind: 'slack' });
    expect(healthServing({ port: 8080, slackHttp: false })).toEqual({ kind: 'own', port: 8080 });
    expect(healthServing({ slackHttp: false })).toEqual({ kind: 'none' });
  });
});
