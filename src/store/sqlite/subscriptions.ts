import type Database from 'better-sqlite3';
import { z } from 'zod';
import { SubscriptionSchema, type Cadence, type Subscription, type SubscriptionStore } from '../store.js';

// SQLite's subscriptions role: one row per channel and cadence, the weekdays
// as a comma-separated list.

const SubscriptionRow = z.object({ channel: z.string(), cadence: z.string(), time: z.string(), timezone: z.string(), source: z.string(), days: z.string() });

export function sqliteSubscriptions(db: Database.Database): SubscriptionStore {
  return {
    async listSubscriptions(): Promise<Subscription[]> {
      return db.prepare('SELECT * FROM subscriptions ORDER BY channel, cadence').all().map(toSubscription);
    },

    async getSubscription(channel: string, cadence: Cadence): Promise<Subscription | undefined> {
      const row = db.prepare('SELECT * FROM subscriptions WHERE channel = ? AND cadence = ?').get(channel, cadence);
      return row === undefined ? undefined : toSubscription(row);
    },

    async upsertSubscription(sub: Subscription): Promise<void> {
      const s = SubscriptionSchema.parse(sub);
      db.prepare(
        `INSERT INTO subscriptions (channel, cadence, time, timezone, source, days) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel, cadence) DO UPDATE SET time = excluded.time, timezone = excluded.timezone, source = excluded.source, days = excluded.days`,
      ).run(s.channel, s.cadence, s.time, s.timezone, s.source, s.days.join(','));
    },

    async removeSubscription(channel: string, cadence: Cadence): Promise<boolean> {
      return db.prepare('DELETE FROM subscriptions WHERE channel = ? AND cadence = ?').run(channel, cadence).changes > 0;
    },
  };
}

/** Rows are validated on the way out: a hand-edited or foreign row is an error, not a silent default. */
function toSubscription(row: unknown): Subscription {
  const r = SubscriptionRow.parse(row);
  return SubscriptionSchema.parse({ channel: r.channel, cadence: r.cadence, time: r.time, timezone: r.timezone, source: r.source, days: r.days.split(',').map(Number) });
}
