import { Events, type Client } from 'discord.js';
import type { Logger } from '../../src/ops/logger.js';

// discord.js reconnects to the gateway by itself, silently: a bot that lost
// Discord looked exactly like one that was fine. This logs losing the
// connection (at most one line every 30 s while it lasts), getting it back,
// and losing it for good.

const LOG_EVERY_MS = 30_000;

/** Logs the gateway connection's ups and downs; returns how long it has been down (0 when up). */
export function watchGateway(client: Client, logger: Logger): { downForMs(): number } {
  let downSince: number | undefined;
  let lastLine = 0;
  const lost = (why: string) => {
    downSince ??= Date.now();
    if (Date.now() - lastLine < LOG_EVERY_MS) return;
    lastLine = Date.now();
    logger.warn(`discord: no gateway connection (${why}); reconnecting (down for ${Math.round((Date.now() - downSince) / 1000)} s)`);
  };
  const back = () => {
    if (downSince !== undefined) logger.info(`discord: gateway connection back after ${Math.round((Date.now() - downSince) / 1000)} s`);
    downSince = undefined;
    lastLine = 0;
  };
  client.on(Events.ShardReconnecting, () => lost('connection closed'));
  client.on(Events.ShardError, (err) => lost(err.message));
  client.on(Events.ShardResume, back);
  client.on(Events.ShardReady, back);
  client.on(Events.ShardDisconnect, (event) => {
    logger.error(`discord: the gateway closed the connection for good (code ${event.code}); paperbot gets no Discord events until it is restarted`);
  });
  // An EventEmitter 'error' with no listener throws; discord.js may emit one.
  client.on(Events.Error, (err) => logger.error(`discord: ${err.message}`));
  client.on(Events.Warn, (message) => logger.warn(`discord: ${message}`));
  return { downForMs: () => (downSince === undefined ? 0 : Date.now() - downSince) };
}
