import { SubscriptionSchema, type Cadence, type Subscription, type SubscriptionStore } from '../store.js';
import type { PgConnection } from './pg-connection.js';
import { toSubscription } from './rows.js';

// PostgreSQL's subscriptions role: one row per channel and cadence, the weekdays as an array.

export function pgSubscriptions(db: PgConnection): SubscriptionStore {
  return {
    async listSubscriptions(): Promise<Subscription[]> {
      return (await db.query('SELECT channel, cadence, time, timezone, source, days FROM subscriptions ORDER BY channel COLLATE "C", cadence')).map(toSubscription);
    },

    async getSubscription(channel: string, cadence: Cadence): Promise<Subscription | undefined> {
      const [row] = await db.query('SELECT channel, cadence, time, timezone, source, days FROM subscriptions WHERE channel = $1 AND cadence = $2', [channel, cadence]);
      return row === undefined ? undefined : toSubscription(row);
    },

    async upsertSubscription(sub: Subscription): Promise<void> {
      const s = SubscriptionSchema.parse(sub);
      await db.query(
        `INSERT INTO subscriptions (channel, cadence, time, timezone, source, days) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (channel, cadence) DO UPDATE SET time = EXCLUDED.time, timezone = EXCLUDED.timezone, source = EXCLUDED.source, days = EXCLUDED.days`,
        [s.channel, s.cadence, s.time, s.timezone, s.source, s.days],
      );
    },

    async removeSubscription(channel: string, cadence: Cadence): Promise<boolean> {
      return (await db.query('DELETE FROM subscriptions WHERE channel = $1 AND cadence = $2 RETURNING channel', [channel, cadence])).length > 0;
    },
  };
}
