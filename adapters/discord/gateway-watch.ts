import { Events, type Client } from 'discord.js';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../src/ops/logger.js';

// discord.js reconnects to the gateway by itself, silently: a bot that lost
// Discord looked exactly like one that was fine. This logs losing the
// connection, at most one line a minute while it lasts, and getting it back.
// One watch spans every session's client: each login makes a new client, and
// a watch per client forgot the outage at every retry (a line every 5 s).

/** While the gateway stays unreachable, one line says so at most this often. */
export const GATEWAY_REPORT_EVERY_MS = 60_000;

/** The gateway connection's ups and downs, across the clients of successive sessions. */
export interface GatewayWatch {
  /** Follows a new session's client. */
  attach(client: Client): void;
  /** The connection is down: a login failed or is slow, or the client lost it. */
  down(why: string): void;
  /** A session is ready. */
  up(): void;
  /** The session was closed on purpose: nothing to report, and a later outage is a new one. */
  closed(): void;
  /** How long it has been down (0 when up). */
  downForMs(): number;
}

export function createGatewayWatch(logger: Logger, opts: { everyMs?: number; now?: () => number } = {}): GatewayWatch {
  const everyMs = opts.everyMs ?? GATEWAY_REPORT_EVERY_MS;
  const now = opts.now ?? (() => performance.now());
  let downSince: number | undefined;
  let lastLine = 0;
  /** The client of the session now; a closed session's client may still emit, and is not listened to. */
  let current: Client | undefined;
  const seconds = (ms: number) => Math.round(ms / 1000);
  const watch: GatewayWatch = {
    attach(client) {
      current = client;
      const mine = (f: () => void) => () => {
        if (current === client) f();
      };
      client.on(Events.ShardReconnecting, mine(() => watch.down('connection closed')));
      client.on(Events.ShardError, (err) => mine(() => watch.down(err.message))());
      client.on(Events.ShardResume, mine(() => watch.up()));
      client.on(Events.ShardReady, mine(() => watch.up()));
      client.on(Events.ShardDisconnect, (event) => {
        if (current !== client) return;
        logger.error(`discord: the gateway closed the connection for good (code ${event.code}); paperbot gets no Discord events until it is restarted`);
      });
      // An EventEmitter 'error' with no listener throws; discord.js may emit one.
      client.on(Events.Error, (err) => logger.error(`discord: ${err.message}`));
      client.on(Events.Warn, (message) => logger.warn(`discord: ${message}`));
    },
    down(why) {
      const at = now();
      if (downSince === undefined) {
        downSince = lastLine = at;
        logger.warn(`discord: no gateway connection (${why}); still trying, and saying so every ${seconds(everyMs)} s while it lasts`);
        return;
      }
      if (at - lastLine < everyMs) return;
      lastLine = at;
      logger.warn(`discord: no gateway connection for ${seconds(at - downSince)} s (${why}); still trying`);
    },
    up() {
      if (downSince !== undefined) logger.info(`discord: gateway connection back after ${seconds(now() - downSince)} s`);
      downSince = undefined;
    },
    closed() {
      current = undefined;
      downSince = undefined;
    },
    downForMs: () => (downSince === undefined ? 0 : now() - downSince),
  };
  return watch;
}
