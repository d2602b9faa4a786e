import type { ChatAdapter, PostedPaper } from '../adapter.js';
import type { PaperBot } from '../commands/answer.js';
import type { PaperLibrary } from '../library/library.js';
import { abandonable, AbandonedError } from '../ops/abandon.js';
import type { Logger } from '../ops/logger.js';
import type { PostLedger, Subscription, SubscriptionStore } from '../store/store.js';
import { splitChannelKey } from './channel-key.js';
import { localTime } from './local-time.js';
import { nextPaper } from './pick-paper.js';
import { duePosts } from './schedule.js';

/** What the daily job needs; node-cron only calls {@link runDailyTick}. */
export interface DailyJobDeps {
  store: SubscriptionStore & PostLedger;
  library: PaperLibrary;
  bot: PaperBot;
  /** Adapters by platform (`slack`, `discord`, `console`). */
  adapters: ReadonlyMap<string, ChatAdapter>;
  logger: Logger;
  /**
   * Shutdown: after `stop` aborts no new post is started; after `abandon` aborts the post in
   * flight is given up (the platform may be retrying it for minutes) and recorded as failed,
   * so a later tick retries it.
   */
  signals?: { stop?: AbortSignal; abandon?: AbortSignal };
  /** Filled with the posts being sent right now ("slack:C0123 for 2026-04-22"), for the shutdown's log. */
  sending?: Set<string>;
  /** Counts posts sent, failed and retried (src/ops/metrics.ts implements it). */
  metrics?: PostMetrics;
}

/** `retried`: an attempt after a failed one that day (it is also counted as sent or failed). */
export type PostOutcome = 'sent' | 'failed' | 'retried';

/** Receives each daily post's outcome. */
export interface PostMetrics {
  recordPost(outcome: PostOutcome): void;
}

/** What became of a claimed post: sent (with the message id), or failed (with the error). */
type Outcome = { channel: string; localDay: string } & ({ sent: true; messageId: string } | { sent: false; error: string });

/** A failed delivery is retried at most this often in a day, this far apart. */
export const MAX_ATTEMPTS = 3;
export const RETRY_AFTER_MS = 15 * 60_000;

/** What one tick did, for logs and tests. */
export interface TickReport {
  posted: { channel: string; paperId: string; localDay: string }[];
  failed: { channel: string; error: string }[];
}

/**
 * The daily job of one running process. What it must remember from one
 * minute to the next lives here, not in the dependencies: the scheduler
 * builds those afresh each minute, which once lost a send whose record
 * failed (its row stayed `sending` and was later called interrupted).
 */
export interface DailyJob {
  /** One run at `now`, on the replica that won the minute. */
  tick(now: Date): Promise<TickReport>;
  /**
   * Writes the outcomes the store could not take when they happened. Run
   * every minute on every replica: another replica may win the minutes
   * after the store is back, and only this one knows what it sent.
   */
  flush(): Promise<void>;
}

/** What a running daily job remembers between ticks. */
interface JobState {
  /** Lines already logged (once per channel and day), so a quiet condition is not logged every minute. */
  said: Set<string>;
  /**
   * Outcomes that could not be written (the store dropped out right after a
   * send), by channel and day. Until written the claim stays `sending`, so
   * the post is never sent again.
   */
  unrecorded: Map<string, Outcome>;
  /** The flush under way, so the minute's tick and the every-replica flush never write one outcome twice at once. */
  flushing?: Promise<void>;
}

export function createDailyJob(deps: DailyJobDeps): DailyJob {
  const state: JobState = { said: new Set(), unrecorded: new Map() };
  return {
    tick: (now) => tick(deps, state, now),
    flush: () => flush(deps, state),
  };
}

/** One tick of a job that remembers nothing from before: for a process that runs once (a test, a script). */
export function runDailyTick(deps: DailyJobDeps, now: Date): Promise<TickReport> {
  return createDailyJob(deps).tick(now);
}

/** Writes the kept outcomes; one the store still refuses stays for the next try. */
function flush(deps: DailyJobDeps, state: JobState): Promise<void> {
  state.flushing ??= (async () => {
    for (const [key, outcome] of state.unrecorded) {
      try {
        await record(deps.store, outcome);
      } catch (err) {
        deps.logger.debug(`daily: still cannot record the ${outcome.sent ? 'post' : 'failed attempt'} to ${outcome.channel} for ${outcome.localDay} (${describe(err)})`);
        continue;
      }
      state.unrecorded.delete(key);
      deps.logger.info(`daily: recorded the ${outcome.sent ? 'post' : 'failed attempt'} to ${outcome.channel} for ${outcome.localDay}`);
    }
  })().finally(() => (state.flushing = undefined));
  return state.flushing;
}

/**
 * One run of the daily job at `now`. For every due subscription: pick the
 * channel's next paper, claim (channel, local day) in the store, post, then
 * record. The claim is written before sending, so the guarantee is at most
 * once: if the process dies between sending and recording, the claim stays
 * `sending` and that day is not sent again (a warning says so).
 */
async function tick(deps: DailyJobDeps, state: JobState, now: Date): Promise<TickReport> {
  const { said, unrecorded } = state;
  const once = (key: string, log: () => void) => {
    if (said.has(key)) return;
    said.add(key);
    log();
  };
  const report: TickReport = { posted: [], failed: [] };
  await flush(deps, state);
  const subs = (await deps.store.listSubscriptions()).filter((s) => s.cadence === 'daily');
  for (const { subscription, localDay } of await duePosts(subs, (c, d) => deps.store.getPost(c, d), now)) {
    if (deps.signals?.stop?.aborted) break; // shutting down: the next tick (after a restart) posts the rest
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
    // Sending and recording fail apart: a send that went out must never be recorded as failed (a failed
    // day is retried), and a store that drops out after the send must not stop the other channels.
    const sending = `${channel} for ${localDay}`;
    deps.sending?.add(sending);
    let outcome: Outcome;
    try {
      const posted = await abandonable(adapter.postPaper(id, view), deps.signals?.abandon, `the daily post to ${sending}`);
      outcome = { channel, localDay, sent: true, messageId: posted.messageId };
      deps.metrics?.recordPost('sent');
      deps.logger.info(`daily: posted "${pick.paper.title}" (#${pick.rank} on ${pick.day}) to ${channel} for ${localDay}`);
      report.posted.push({ channel, paperId: pick.paper.id, localDay });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      outcome = { channel, localDay, sent: false, error };
      deps.metrics?.recordPost('failed');
      if (err instanceof AbandonedError) {
        deps.logger.warn(`daily: gave up the post to ${sending} at shutdown; recorded as failed, so it is retried later (up to ${MAX_ATTEMPTS} attempts that day, ${RETRY_AFTER_MS / 60_000} min apart)`);
      } else {
        deps.logger.error(`daily: posting to ${channel} failed (${error}); will retry up to ${MAX_ATTEMPTS} times today`);
      }
      report.failed.push({ channel, error });
    } finally {
      deps.sending?.delete(sending);
    }
    try {
      await record(deps.store, outcome);
    } catch (err) {
      unrecorded.set(`${channel} ${localDay}`, outcome);
      const what = outcome.sent ? `posted "${pick.paper.title}"` : 'the failed attempt';
      deps.logger.warn(`daily: ${what} to ${channel} but could not record it (${describe(err)}); recording it when the store answers again`);
    }
  }
  await warnInterrupted(deps, subs, now, once, unrecorded);
  return report;
}

function record(store: PostLedger, outcome: Outcome): Promise<void> {
  return outcome.sent ? store.markSent(outcome.channel, outcome.localDay, outcome.messageId) : store.markFailed(outcome.channel, outcome.localDay, outcome.error);
}

/** A claim still `sending` long after it was made: the process died mid-send. */
async function warnInterrupted(
  deps: DailyJobDeps,
  subs: readonly Subscription[],
  now: Date,
  once: (key: string, log: () => void) => void,
  /** Outcomes this process knows but could not write yet: not interrupted. */
  unrecorded: ReadonlyMap<string, Outcome>,
): Promise<void> {
  for (const sub of subs) {
    const today = localTime(now, sub.timezone).day;
    const yesterday = localTime(new Date(now.getTime() - 86_400_000), sub.timezone).day;
    for (const day of [today, yesterday]) {
      if (unrecorded.has(`${sub.channel} ${day}`)) continue;
      const row = await deps.store.getPost(sub.channel, day);
      if (row?.status === 'sending' && now.getTime() - row.claimedAt > 10 * 60_000) {
        once(`${sub.channel}:${day}:interrupted`, () =>
          deps.logger.warn(`daily: the post to ${sub.channel} for ${day} was interrupted while sending; it may or may not have arrived, and is not sent again`),
        );
      }
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
