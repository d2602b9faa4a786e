import { createServer, type Server } from 'node:http';
import type { Logger } from './logger.js';
import type { HttpRoute } from './http-routes.js';
import { sendJson } from './http-routes.js';

/** A running HTTP server of routes; `port` is the bound port (useful with port 0). */
export interface RunningHttpServer {
  port(): number;
  close(): Promise<void>;
}

/**
 * Serves `routes` (GET and HEAD only) on `host:port`: the health endpoints
 * when Slack's HTTP receiver is not there to serve them. Anything else is a
 * 404, any other method a 405; a route that throws is a 500 and a log line.
 */
export async function startHttpServer(opts: { routes: readonly HttpRoute[]; port: number; host: string; logger: Logger }): Promise<RunningHttpServer> {
  const byPath = new Map(opts.routes.map((r) => [r.path, r]));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = byPath.get(path);
    if (!route) return sendJson(res, 404, { error: `no route ${path}` });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'only GET and HEAD' });
    Promise.resolve()
      .then(() => route.handle(req, res))
      .catch((err: unknown) => {
        opts.logger.error(`http: ${path} failed: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.end();
      });
  });
  // Probes and scrapers keep connections open; they must not hold the process at shutdown.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : opts.port;
  opts.logger.info(`http: serving ${[...byPath.keys()].join(', ')} on ${opts.host}:${port}`);
  return {
    port: () => port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
