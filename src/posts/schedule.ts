import type { PostRow, Subscription } from '../store/store.js';
import { localTime, minutesOf } from './local-time.js';

/** A subscription that should post now, for its local day. */
export interface DuePost {
  subscription: Subscription;
  localDay: string;
}

/**
 * Which subscriptions are due at `now`: on a posting weekday, at or past
 * their local time, and with nothing recorded for that local day. "At or
 * past" (not "at the minute") is what makes catch-up work: a bot that was
 * down at 09:00 and starts at 11:00 posts at 11:00, once.
 */
export async function duePosts(
  subs: readonly Subscription[],
  /** The ledger row of a channel's local day (the daily post's, or its week's recap). */
  ledger: (channel: string, localDay: string) => Promise<Pick<PostRow, 'status'> | undefined> | Pick<PostRow, 'status'> | undefined,
  now: Date,
): Promise<DuePost[]> {
  const due: DuePost[] = [];
  for (const subscription of subs) {
    const local = localTime(now, subscription.timezone);
    if (!subscription.days.includes(local.weekday)) continue;
    if (local.minutes < minutesOf(subscription.time)) continue;
    const row = await ledger(subscription.channel, local.day);
    if (row && row.status !== 'failed') continue;
    due.push({ subscription, localDay: local.day });
  }
  return due;
}
