import type { ChatAdapter } from '../adapter.js';
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
    const view = await deps.bot.view(pick.paper.id);
    if (!view) continue;
    try {
      const posted = await adapter.postPaper(id, view);
      await deps.store.markSent(channel, localDay, posted.messageId);
      deps.logger.info(`daily: posted "${pick.paper.title}" (#${pick.rank} on ${pick.day}) to ${channel} for ${localDay}`);
      report.posted.push({ channel, paperId: pick.paper.id, localDay });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await deps.store.markFailed(channel, localDay, error);
      deps.logger.error(`daily: posting to ${channel} failed (${error}); will retry up to ${MAX_ATTEMPTS} times today`, { err, channel, localDay });
      report.failed.push({ channel, error });
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
