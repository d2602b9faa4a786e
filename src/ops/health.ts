import type { HttpRoute } from './http-routes.js';
import { sendJson } from './http-routes.js';
import type { StoreLifecycle } from '../store/store.js';

/** One thing readiness depends on: the library, the store, each chat adapter. */
export interface ReadinessCheck {
  name: string;
  check(): CheckResult | Promise<CheckResult>;
}

/**
 * The store's readiness: it answers, and it takes writes now (StoreLifecycle.ping: a
 * read, then a tiny committed write after taking the write lock of every
 * table paperbot writes, each wait bounded). A database that answers reads
 * but refuses writes (a locked table, a full disk, a read-only standby) is
 * not ready: its replica could search, but not post or save a setting.
 */
export function storeCheck(store: StoreLifecycle): ReadinessCheck {
  return { name: 'store', check: async () => (await store.ping(), { ok: true, detail: store.location }) };
}

/** A check's verdict, with a line for people (never a secret: these are served over HTTP). */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

/**
 * The two probes a load balancer or Kubernetes asks:
 *
 * - `GET /healthz`: the process is alive and its event loop turns (200 always).
 * - `GET /readyz`: every check passes (200), or which do not (503). Checks run
 *   together, each bounded by `timeoutMs`. `?exclude=store` leaves a check out,
 *   as Kubernetes' own API server does (`/readyz?exclude=etcd`): a replica can
 *   still answer searches while its database is down, and an operator may
 *   prefer it stays in the load balancer.
 */
export function healthRoutes(checks: readonly ReadinessCheck[], opts: { timeoutMs?: number } = {}): HttpRoute[] {
  const timeoutMs = opts.timeoutMs ?? 2000;
  return [
    { path: '/healthz', handle: (_req, res) => sendJson(res, 200, { status: 'alive' }) },
    {
      path: '/readyz',
      handle: async (req, res) => {
        const excluded = new Set(new URL(req.url ?? '/', 'http://localhost').searchParams.getAll('exclude'));
        const results = await Promise.all(checks.filter((c) => !excluded.has(c.name)).map(async (c) => [c.name, await run(c, timeoutMs)] as const));
        const ready = results.every(([, r]) => r.ok);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
      },
    },
  ];
}

async function run(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.check()), late]);
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Where the health routes are served: a server of their own, Slack's HTTP receiver, or nowhere. */
export type HealthServing = { kind: 'own'; port: number } | { kind: 'slack' } | { kind: 'none' };

/**
 * HEALTH_PORT set: a server of their own there. Otherwise, in Slack's HTTP
 * mode: Slack's own server (on PORT, beside /slack/events). Otherwise a server
 * of their own on PORT, only if PORT was set: no port opens that nobody asked for.
 */
export function healthServing(opts: { healthPort?: number; port?: number; slackHttp: boolean }): HealthServing {
  if (opts.healthPort !== undefined) return { kind: 'own', port: opts.healthPort };
  if (opts.slackHttp) return { kind: 'slack' };
  if (opts.port !== undefined) return { kind: 'own', port: opts.port };
  return { kind: 'none' };
}
