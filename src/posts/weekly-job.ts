import type { ChatAdapter } from '../adapter.js';
import type { LiveSourceState } from '../commands/freshness.js';
import { weekList } from '../commands/week.js';
import type { PaperLibrary } from '../library/library.js';
import type { Logger } from '../ops/logger.js';
import type { RecapLedger, SignalStore, SubscriptionStore } from '../store/store.js';
import { teamTopList } from '../commands/top.js';
import { splitChannelKey } from './channel-key.js';
import { MAX_ATTEMPTS, RETRY_AFTER_MS } from './daily-job.js';
import { isoWeekOf } from './local-time.js';
import { duePosts } from './schedule.js';

/** What the weekly recap needs; the scheduler calls {@link runWeeklyTick} every minute. */
export interface WeeklyJobDeps {
  store: SubscriptionStore & RecapLedger & SignalStore;
  library: PaperLibrary;
  adapters: ReadonlyMap<string, ChatAdapter>;
  logger: Logger;
  /** The live source's state, so a recap of old papers says so, as `/paper week` does; absent: none. */
  liveSource?: () => LiveSourceState;
}

/**
 * One run of the weekly recap at `now`: every weekly subscription whose
 * weekday and local time have come posts the week's best (what `/paper week`
 * answers, see {@link weekList}), once per local
 * ISO week, across restarts and processes: the (channel, week) is claimed in
 * the store before sending, and a failed send is retried like the daily post.
 */
export async function runWeeklyTick(deps: WeeklyJobDeps, now: Date): Promise<{ posted: string[]; failed: string[] }> {
  const report = { posted: [] as string[], failed: [] as string[] };
  const subs = (await deps.store.listSubscriptions()).filter((s) => s.cadence === 'weekly');
  const due = await duePosts(subs, (channel, day) => deps.store.getRecap(channel, isoWeekOf(day)), now);
  for (const { subscription, localDay } of due) {
    const { platform, id } = splitChannelKey(subscription.channel);
    const adapter = deps.adapters.get(platform);
    const recap = await recapOf(deps, subscription.channel, now);
    if (!adapter || !recap || recap.hits.length === 0) continue;
    const week = isoWeekOf(localDay);
    const claimed = await deps.store.claimRecap({ channel: subscription.channel, week, now: now.getTime(), maxAttempts: MAX_ATTEMPTS, retryAfterMs: RETRY_AFTER_MS });
    if (!claimed) continue;
    try {
      const posted = await adapter.post({ id, person: false }, recap);
      await deps.store.markRecapSent(subscription.channel, week, posted.messageId);
      deps.logger.info(`weekly: posted "${recap.title}" to ${subscription.channel} for ${week}`);
      report.posted.push(subscription.channel);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await deps.store.markRecapFailed(subscription.channel, week, error);
      deps.logger.error(`weekly: the recap to ${subscription.channel} failed (${error}); will retry up to ${MAX_ATTEMPTS} times`);
      report.failed.push(subscription.channel);
    }
  }
  return report;
}

/**
 * What a channel's recap shows: Hugging Face's best of the week, or, for
 * `subscribe weekly team`, the team's most saved and reacted papers of the
 * last seven days (Hugging Face's best when the team gave no signal).
 */
async function recapOf(deps: WeeklyJobDeps, channel: string, now: Date) {
  const hf = () => weekList({ library: deps.library, now: () => now, liveSource: deps.liveSource });
  const team = await deps.store.recapTeam(channel);
  if (team === undefined) return hf();
  const top = await teamTopList(deps.store, team, 'week', { library: deps.library, now: () => now });
  if (top) return top;
  const best = hf();
  return best && { ...best, notes: ['Nobody here saved or reacted to a paper this week, so here is Hugging Face\'s best.', ...best.notes] };
}
