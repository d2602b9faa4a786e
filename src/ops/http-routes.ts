import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One GET endpoint of the bot's small HTTP surface (/healthz, /readyz, and
 * whatever operations add, such as /metrics). The same list is served by
 * Slack's HTTP receiver in HTTP mode and by ops/http-server.ts otherwise, so
 * an endpoint is added once, as one more entry of the list main.ts builds.
 */
export interface HttpRoute {
  /** The exact path, e.g. `/metrics`. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

/** Answers with a JSON body and no caching (probes must see the state now). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
