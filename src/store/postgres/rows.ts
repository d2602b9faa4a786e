import { z } from 'zod';
import { LiveDaySchema, type LiveDay } from '../../sources/huggingface/live-day.js';
import { SubscriptionSchema, type Subscription } from '../store.js';

// PostgreSQL rows whose columns differ from SQLite's (a subscription's days as
// an array, a live day's flag as a boolean), as the database returns them, and
// their checked conversion to the Store's types; the rows both engines return
// alike are read by ../table-rows.ts.

const SubscriptionRow = z.object({ channel: z.string(), cadence: z.string(), time: z.string(), timezone: z.string(), source: z.string(), days: z.array(z.number()) });
const LiveDayRow = z.object({ date: z.string(), papers: z.string(), fetched_at: z.number(), final: z.boolean() });
export const DigestRow = z.object({ file: z.string(), parsed: z.string() });
export const LiveDayStatusRow = z.object({ date: z.string(), final: z.boolean() });
export const FollowIdRow = z.object({ id: z.number() });
export const RelnameRow = z.object({ relname: z.string() });
/** archivedSince's one row: the snapshot it read in (`xmin:xmax:xip,...`), and the files changed since the cursor. */
export const ArchiveChangesRow = z.object({ snapshot: z.string(), files: z.array(z.string()) });

/** Rows are validated on the way out: a hand-edited or foreign row is an error, not a silent default. */
export function toSubscription(row: unknown): Subscription {
  const r = SubscriptionRow.parse(row);
  return SubscriptionSchema.parse({ channel: r.channel, cadence: r.cadence, time: r.time, timezone: r.timezone, source: r.source, days: r.days });
}

export function toLiveDay(row: unknown): LiveDay {
  const r = LiveDayRow.parse(row);
  return LiveDaySchema.parse({ date: r.date, papers: JSON.parse(r.papers), fetchedAt: r.fetched_at, final: r.final });
}
