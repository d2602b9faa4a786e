import type { Config } from '../config.js';
import type { Logger } from '../ops/logger.js';
import type { SubscriptionStore } from '../store/store.js';

/**
 * Makes the store's config-sourced subscriptions match DAILY_CHANNELS: adds
 * or updates each listed channel and drops config subscriptions no longer
 * listed. Subscriptions made with `/paper subscribe` are left alone.
 */
export async function syncConfigSubscriptions(store: SubscriptionStore, config: Config, logger: Logger): Promise<void> {
  const wanted = new Set(config.DAILY_CHANNELS);
  for (const sub of await store.listSubscriptions()) {
    if (sub.source === 'config' && !wanted.has(sub.channel)) {
      await store.removeSubscription(sub.channel, 'daily');
      logger.info(`daily: ${sub.channel} is no longer in DAILY_CHANNELS; its daily post stops`);
    }
  }
  for (const channel of wanted) {
    await store.upsertSubscription({ channel, cadence: 'daily', time: config.DAILY_TIME, timezone: config.DAILY_TIMEZONE, days: config.DAILY_DAYS, source: 'config' });
  }
  if (wanted.size > 0) logger.info(`daily: posting to ${[...wanted].join(', ')} at ${config.DAILY_TIME} ${config.DAILY_TIMEZONE}`);
}
