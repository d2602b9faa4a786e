import { defaultBodyLimit, HTTPModuleFunctions, HTTPReceiver, isValidSlackRequest, type CustomRoute, type Logger as BoltLogger } from '@slack/bolt';
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import type { Logger } from '../../src/ops/logger.js';
import { withErrorContext } from '../../src/ops/process-guard.js';

// Bolt's HTTPReceiver, with what it leaves to the app:
// - A request body that is valid JSON but not an object (`null`, `payload=null`)
//   passes the signature check and then throws inside Bolt's receiver, in a
//   promise nobody awaits: Node ended the process. Such a body is answered
//   400 here, before Bolt sees it (Bolt reuses the body read here).
// - Bolt rejects a timestamp more than 5 minutes old; one more than 5 minutes
//   in the future is a replay prepared in advance, and is rejected too.
// - Node's HTTP server waits 300 s for a request body, and checks only every
//   30 s: a client trickling bytes held a connection for minutes. Slack sends
//   each request at once and wants an answer in 3 s, so 10 s is generous.
// Every request runs in an error context, so anything that escapes is logged
// with the request's method and path and answered 500.

export const ENDPOINT = '/slack/events';
const MAX_SKEW_SECONDS = 5 * 60;

/** Timeouts and size limits of the HTTP server. */
export interface SlackHttpLimits {
  /** The whole request (headers and body) must arrive within this. */
  requestTimeoutMs: number;
  /** The headers must arrive within this. */
  headersTimeoutMs: number;
  /** Idle keep-alive connections are closed after this. */
  keepAliveTimeoutMs: number;
  maxBodyBytes: number;
}

export const SLACK_HTTP_LIMITS: SlackHttpLimits = { requestTimeoutMs: 10_000, headersTimeoutMs: 5_000, keepAliveTimeoutMs: 5_000, maxBodyBytes: defaultBodyLimit };

export interface SlackReceiverOptions {
  signingSecret: string;
  port: number;
  logger: Logger;
  boltLogger: BoltLogger;
  limits?: Partial<SlackHttpLimits>;
  /** The clock, in milliseconds; tests move it. */
  now?: () => number;
  /** Other endpoints on the same server (health, metrics), routed by Bolt. */
  customRoutes?: CustomRoute[];
}

/** The receiver, and the server options to start it with (`app.start(listen, serverOptions)`). */
export function createSlackReceiver(opts: SlackReceiverOptions): { receiver: HTTPReceiver; serverOptions: ServerOptions; limits: SlackHttpLimits } {
  const limits = { ...SLACK_HTTP_LIMITS, ...opts.limits };
  const now = opts.now ?? Date.now;
  const { logger, signingSecret } = opts;
  const receiver = new HTTPReceiver({ signingSecret, port: opts.port, logger: opts.boltLogger, bodyLimit: limits.maxBodyBytes, customRoutes: opts.customRoutes ?? [] });
  const boltListener = receiver.requestListener;

  /** Reads and checks a request to the endpoint; answers it and returns false if Bolt must not see it. */
  const screen = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(timestamp) && timestamp - now() / 1000 > MAX_SKEW_SECONDS) {
      logger.warn(`slack: rejected a request dated ${Math.round(timestamp - now() / 1000)} s in the future (more than 5 minutes)`);
      answer(res, 401);
      return false;
    }
    let buffered;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, limits.maxBodyBytes);
    } catch (err) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && (err as { statusCode?: number }).statusCode === 413;
      logger.warn(`slack: ${tooLarge ? `a request body over ${limits.maxBodyBytes} bytes` : `a request body could not be read (${err instanceof Error ? err.message : String(err)})`}; answered ${tooLarge ? 413 : 400}`);
      answer(res, tooLarge ? 413 : 400);
      return false;
    }
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch {
      return true; // not JSON: Bolt checks the signature, then answers 400 itself
    }
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return true;
    const signed = isValidSlackRequest({
      signingSecret,
      body: buffered.rawBody.toString(),
      headers: { 'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''), 'x-slack-request-timestamp': timestamp },
    });
    if (signed) logger.warn(`slack: a signed request carried ${describeBody(body)}, which Slack never sends; answered 400`);
    answer(res, signed ? 400 : 401);
    return false;
  };

  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    withErrorContext({ what: `handling a Slack request (${req.method ?? '?'} ${path.slice(0, 100)})`, onError: () => answer(res, 500) }, () => {
      // Anything else is Bolt's to route (it answers 404), synchronously, inside its own try/catch.
      if (req.method !== 'POST' || path !== ENDPOINT) return boltListener(req, res);
      void screen(req, res).then((pass) => {
        if (pass) boltListener(req, res);
      });
    });
  };

  const serverOptions: ServerOptions = {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often those timeouts are enforced (Node's default: every 30 s).
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.requestTimeoutMs / 4))),
  };
  return { receiver, serverOptions, limits };
}

/** Answers with a bare status, unless an answer has already begun. */
function answer(res: ServerResponse, status: number): void {
  if (res.headersSent || res.writableEnded) return;
  HTTPModuleFunctions.buildNoBodyResponse(res, status);
}

function describeBody(body: unknown): string {
  if (body === null) return 'a null body';
  return Array.isArray(body) ? 'an array as its body' : `a ${typeof body} as its body`;
}
