import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../src/ops/logger.js';

// Slack's Socket Mode client reconnects by itself and says so only at debug
// level: a bot that had lost Slack looked like one that was fine. Slack also
// closes connections routinely (every few hours), so the first reconnect is
// an info line; a reconnect that fails and is tried again is a warning (at
// most one every 30 s while it lasts), and getting back is said too.

const WARN_EVERY_MS = 30_000;

/** Logs the Socket Mode connection's ups and downs. */
export function watchSocket(receiver: SocketModeReceiver, logger: Logger): void {
  let downSince: number | undefined;
  let lastWarning = 0;
  receiver.client.on('reconnecting', () => {
    if (downSince === undefined) {
      downSince = Date.now();
      logger.info('slack: Socket Mode connection closed; reconnecting');
      return;
    }
    if (Date.now() - lastWarning < WARN_EVERY_MS) return;
    lastWarning = Date.now();
    logger.warn(`slack: Socket Mode still not connected after ${Math.round((Date.now() - downSince) / 1000)} s; reconnecting`);
  });
  receiver.client.on('connected', () => {
    if (downSince !== undefined) logger.info(`slack: Socket Mode connected again after ${Math.round((Date.now() - downSince) / 1000)} s`);
    downSince = undefined;
    lastWarning = 0;
  });
}
