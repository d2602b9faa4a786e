import { z } from 'zod';
import { LiveDaySchema, type LiveDay } from '../../sources/huggingface/live-day.js';
import {
  FollowSchema,
  LeaseSchema,
  PostRowSchema,
  RecapRowSchema,
  SubscriptionSchema,
  type Follow,
  type Lease,
  type PostRow,
  type RecapRow,
  type Subscription,
} from '../store.js';

// PostgreSQL rows as the database returns them (snake_case; BIGINT read as
// numbers by the pool's type parser) and their checked conversion to the
// Store's types.

const SubscriptionRow = z.object({ channel: z.string(), cadence: z.string(), time: z.string(), timezone: z.string(), source: z.string(), days: z.array(z.number()) });
const RecapRowDb = z.object({ channel: z.string(), week: z.string(), status: z.string(), attempts: z.number(), claimed_at: z.number(), message_id: z.string().nullable(), error: z.string().nullable() });
const FollowRow = z.object({ id: z.number(), owner: z.string(), kind: z.string(), words: z.string(), created_at: z.number() });
const LiveDayRow = z.object({ date: z.string(), papers: z.string(), fetched_at: z.number(), final: z.boolean() });
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
  return SubscriptionSchema.parse({ channel: r.channel, cadence: r.cadence, time: r.time, timezone: r.timezone, source: r.source, days: r.days });
}

export function toRecap(row: unknown): RecapRow {
  const r = RecapRowDb.parse(row);
  return RecapRowSchema.parse({ channel: r.channel, week: r.week, status: r.status, attempts: r.attempts, claimedAt: r.claimed_at, messageId: r.message_id, error: r.error });
}

export function toFollow(row: unknown): Follow {
  const r = FollowRow.parse(row);
  return FollowSchema.parse({ id: r.id, owner: r.owner, kind: r.kind, words: r.words, createdAt: r.created_at });
}

export function toLiveDay(row: unknown): LiveDay {
  const r = LiveDayRow.parse(row);
  return LiveDaySchema.parse({ date: r.date, papers: JSON.parse(r.papers), fetchedAt: r.fetched_at, final: r.final });
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
