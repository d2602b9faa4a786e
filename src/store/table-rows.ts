import { z } from 'zod';
import { FollowSchema, LeaseSchema, PostRowSchema, RecapRowSchema, WatchAlertSchema, WatchSchema, type Follow, type Lease, type PostRow, type RecapRow, type Watch, type WatchAlert } from './store.js';

// Rows that SQLite and PostgreSQL return alike (snake_case columns of the same
// types), checked and converted to the Store's types. Rows whose columns differ
// between the engines (a subscription's days, a live day's flag) are read by
// each store itself.

const PostDbRow = z.object({
  channel: z.string(),
  local_day: z.string(),
  paper_id: z.string(),
  status: z.string(),
  attempts: z.number(),
  claimed_at: z.number(),
  message_id: z.string().nullable(),
  error: z.string().nullable(),
});
const RecapDbRow = z.object({ channel: z.string(), week: z.string(), status: z.string(), attempts: z.number(), claimed_at: z.number(), message_id: z.string().nullable(), error: z.string().nullable() });
const FollowDbRow = z.object({ id: z.number(), owner: z.string(), kind: z.string(), words: z.string(), created_at: z.number() });
const WatchDbRow = z.object({
  id: z.number(),
  owner: z.string(),
  kind: z.string(),
  paper_id: z.string(),
  arxiv_id: z.string(),
  title: z.string(),
  created_at: z.number(),
  ends_at: z.number(),
  checked_at: z.number().nullable(),
  seen: z.string(),
});
const WatchAlertDbRow = z.object({
  watch_id: z.number(),
  key: z.string(),
  heading: z.string(),
  detail: z.string(),
  status: z.string(),
  attempts: z.number(),
  claimed_at: z.number(),
  message_id: z.string().nullable(),
  error: z.string().nullable(),
});
const LeaseDbRow = z.object({ name: z.string(), owner: z.string(), expires_at: z.number() });

// Small rows both stores read, their schemas built once here: building a zod
// schema costs far more than parsing a row with it, and some reads return
// hundreds of rows.
export const FileRow = z.object({ file: z.string() });
export const PaperIdRow = z.object({ paper_id: z.string() });
export const FollowPaperRow = z.object({ follow_id: z.number(), paper_id: z.string() });

/** Rows are validated on the way out: a hand-edited or foreign row is an error, not a silent default. */
export function toPost(row: unknown): PostRow {
  const r = PostDbRow.parse(row);
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

export function toRecap(row: unknown): RecapRow {
  const r = RecapDbRow.parse(row);
  return RecapRowSchema.parse({ channel: r.channel, week: r.week, status: r.status, attempts: r.attempts, claimedAt: r.claimed_at, messageId: r.message_id, error: r.error });
}

export function toFollow(row: unknown): Follow {
  const r = FollowDbRow.parse(row);
  return FollowSchema.parse({ id: r.id, owner: r.owner, kind: r.kind, words: r.words, createdAt: r.created_at });
}

export function toLease(row: unknown): Lease {
  const r = LeaseDbRow.parse(row);
  return LeaseSchema.parse({ name: r.name, owner: r.owner, expiresAt: r.expires_at });
}

/** A watch's row: what it last saw is JSON text in both engines. */
export function toWatch(row: unknown): Watch {
  const r = WatchDbRow.parse(row);
  return WatchSchema.parse({
    id: r.id,
    owner: r.owner,
    kind: r.kind,
    paperId: r.paper_id,
    arxivId: r.arxiv_id,
    title: r.title,
    createdAt: r.created_at,
    endsAt: r.ends_at,
    checkedAt: r.checked_at,
    seen: JSON.parse(r.seen),
  });
}

export function toWatchAlert(row: unknown): WatchAlert {
  const r = WatchAlertDbRow.parse(row);
  return WatchAlertSchema.parse({
    watchId: r.watch_id,
    key: r.key,
    heading: r.heading,
    detail: r.detail,
    status: r.status,
    attempts: r.attempts,
    claimedAt: r.claimed_at,
    messageId: r.message_id,
    error: r.error,
  });
}
