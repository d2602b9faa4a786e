import { z } from 'zod';
import { LeaseSchema, PostRowSchema, SubscriptionSchema, type Lease, type PostRow, type Subscription } from '../store.js';

// PostgreSQL rows as the database returns them (snake_case; BIGINT read as
// numbers by the pool's type parser) and their checked conversion to the
// Store's types.

const SubscriptionRow = z.object({ channel: z.string(), time: z.string(), timezone: z.string(), source: z.string(), days: z.array(z.number()) });
const PostRowDb = z.object({
  channel: z.string(),
  local_day: z.string(),
  paper_id: z.string(),
  status: z.string(),
  attempts: z.number(),
  claimed_at: z.number(),
  message_id: z.string().nullable(),
  error: z.string().nullable(),
});
const LeaseRow = z.object({ name: z.string(), owner: z.string(), expires_at: z.number() });
export const DigestRow = z.object({ file: z.string(), parsed: z.string() });

/** Rows are validated on the way out: a hand-edited or foreign row is an error, not a silent default. */
export function toSubscription(row: unknown): Subscription {
  const r = SubscriptionRow.parse(row);
  return SubscriptionSchema.parse({ channel: r.channel, time: r.time, timezone: r.timezone, source: r.source, days: r.days });
}

export function toPost(row: unknown): PostRow {
  const r = PostRowDb.parse(row);
  return PostRowSchema.parse({
    channel: r.channel,
    localDay: r.local_day,
    paperId: r.paper_id,
    status: r.status,
    attempts: r.attempts,
    claimedAt: r.claimed_at,
    messageId: r.message_id,
    error: r.error,
  });
}

export function toLease(row: unknown): Lease {
  const r = LeaseRow.parse(row);
  return LeaseSchema.parse({ name: r.name, owner: r.owner, expiresAt: r.expires_at });
}
