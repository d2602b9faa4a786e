import type { ChatAdapter, PostedPaper } from '../adapter.js';
import type { PaperBot } from '../commands/answer.js';
import type { PaperLibrary } from '../library/library.js';
import type { Logger } from '../ops/logger.js';
import type { Store, Subscription } from '../store/store.js';
import { splitChannelKey } from './channel-key.js';
import { localTime } from './local-time.js';
import { nextPaper } from './pick-paper.js';
import { duePosts } from './schedule.js';

/** What the daily job needs; node-cron only calls {@link runDailyTick}. */
export interface DailyJobDeps {
  store: Store;
  library: PaperLibrary;
  bot: PaperBot;
  /** Adapters by platform (`slack`, `discord`, `console`). */
  adapters: ReadonlyMap<string, ChatAdapter>;
  logger: Logger;
  /** Lines already logged (once per channel and day), so a quiet condition is not logged every minute. */
  said?: Set<string>;
  /** Counts posts sent, failed and retried (src/ops/metrics.ts implements it). */
  metrics?: PostMetrics;
}

/** `retried`: an attempt after a failed one that day (it is also counted as sent or failed). */
export type PostOutcome = 'sent' | 'failed' | 'retried';

/** Receives each daily post's outcome. */
export interface PostMetrics {
  recordPost(outcome: PostOutcome): void;
}

/** A failed delivery is retried at most this often in a day, this far apart. */
export const MAX_ATTEMPTS = 3;
export const RETRY_AFTER_MS = 15 * 60_000;

/** What one tick did, for logs and tests. */
export interface TickReport {
  posted: { channel: string; paperId: string; localDay: string }[];
  failed: { channel: string; error: string }[];
}

/**
 * One run of the daily job at `now`. For every due subscription: pick the
 * channel's next paper, claim (channel, local day) in the store, post, then
 * record. The claim is written before sending, so the guarantee is at most
 * once: if the process dies between sending and recording, the claim stays
 * `sending` and that day is not sent again (a warning says so).
 */
export async function runDailyTick(deps: DailyJobDeps, now: Date): Promise<TickReport> {
  const said = (deps.said ??= new Set());
  const once = (key: string, log: () => void) => {
    if (said.has(key)) return;
    said.add(key);
    log();
  };
  const report: TickReport = { posted: [], failed: [] };
  const subs = await deps.store.listSubscriptions();
  for (const { subscription, localDay } of await duePosts(subs, (c, d) => deps.store.getPost(c, d), now)) {
    const channel = subscription.channel;
    const { platform, id } = splitChannelKey(channel);
    const adapter = deps.adapters.get(platform);
    if (!adapter) {
      once(`${channel}:${localDay}:adapter`, () => deps.logger.warn(`daily: not posting to ${channel}: the ${platform} adapter is not running (check its credentials)`));
      continue;
    }
    const pick = nextPaper(deps.library, await deps.store.postedPaperIds(channel));
    if (!pick) {
      once(`${channel}:${localDay}:empty`, () => deps.logger.info(`daily: nothing left to post to ${channel}: every paper in the library has been sent there`));
      continue;
    }
    const claimed = await deps.store.claimPost({ channel, localDay, paperId: pick.paper.id, now: now.getTime(), maxAttempts: MAX_ATTEMPTS, retryAfterMs: RETRY_AFTER_MS });
    if (!claimed) continue; // another process has it, or a failed attempt is waiting out its delay
    if (deps.metrics && ((await deps.store.getPost(channel, localDay))?.attempts ?? 1) > 1) deps.metrics.recordPost('retried');
    const view = await deps.bot.view(pick.paper.id);
    if (!view) continue;
    let posted: PostedPaper;
    try {
      posted = await adapter.postPaper(id, view);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      deps.metrics?.recordPost('failed');
      await deps.store.markFailed(channel, localDay, error);
      deps.logger.error(`daily: posting to ${channel} failed (${error}); will retry up to ${MAX_ATTEMPTS} times today`, { err, channel, localDay });
      report.failed.push({ channel, error });
      continue;
    }
    deps.metrics?.recordPost('sent');
    report.posted.push({ channel, paperId: pick.paper.id, localDay });
    try {
      await deps.store.markSent(channel, localDay, posted.messageId);
      deps.logger.info(`daily: posted "${pick.paper.title}" (#${pick.rank} on ${pick.day}) to ${channel} for ${localDay}`);
    } catch (err) {
      // The post is out: marking it failed would send it again. Its claim stays `sending`, which is never retried.
      deps.logger.error(
        `daily: posted "${pick.paper.title}" to ${channel} for ${localDay}, but could not record it (${err instanceof Error ? err.message : String(err)}); it is not sent again`,
        { err, channel, localDay },
      );
    }
  }
  await warnInterrupted(deps, subs, now, once);
  return report;
}

/** A claim still `sending` long after it was made: the process died mid-send. */
async function warnInterrupted(deps: DailyJobDeps, subs: readonly Subscription[], now: Date, once: (key: string, log: () => void) => void): Promise<void> {
  for (const sub of subs) {
    const today = localTime(now, sub.timezone).day;
    const yesterday = localTime(new Date(now.getTime() - 86_400_000), sub.timezone).day;
    for (const day of [today, yesterday]) {
      const row = await deps.store.getPost(sub.channel, day);
      if (row?.status === 'sending' && now.getTime() - row.claimedAt > 10 * 60_000) {
        once(`${sub.channel}:${day}:interrupted`, () =>
          deps.logger.warn(`daily: the post to ${sub.channel} for ${day} was interrupted while sending; it may or may not have arrived, and is not sent again`),
        );
      }
    }
  }
}
