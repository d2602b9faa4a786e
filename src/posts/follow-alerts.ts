import { RecipientGoneError, type ChatAdapter } from '../adapter.js';
import { toSummary } from '../commands/paper-views.js';
import type { PaperLibrary } from '../library/library.js';
import type { Logger } from '../ops/logger.js';
import type { Follow, FollowStore } from '../store/store.js';
import { splitChannelKey } from './channel-key.js';
import { MAX_ATTEMPTS, RETRY_AFTER_MS } from './daily-job.js';

// Follow alerts: when papers enter the library, each follow gets one message
// listing the new papers that match it, best first, ten at most then "and N
// more". The ingest sink (src/sources/ingest-sink.ts) hands over what one pass
// brought (a backfill or poll of the live source, one look at the digest
// folder) in one call, so ten days fetched at start are one message per
// follow, not ten in a row. A paper is claimed per follow in the store before sending, so no follower gets it
// twice, across restarts and processes; a failed delivery is retried like the
// daily post's; a follower the platform says is gone is dropped.

/** How many papers an alert lists before "and N more". */
export const ALERT_SIZE = 10;

export interface FollowAlertDeps {
  store: FollowStore;
  library: PaperLibrary;
  adapters: ReadonlyMap<string, ChatAdapter>;
  logger: Logger;
  now?: () => Date;
}

export interface FollowAlerts {
  /** Alerts every follow that matches some of these papers, new to the library: one message per follow per call. */
  onNewPapers(paperIds: readonly string[]): Promise<void>;
  /** Sends again the alerts that failed and are due for a retry (the scheduler calls it every minute). */
  retryFailed(): Promise<void>;
}

export function createFollowAlerts(deps: FollowAlertDeps): FollowAlerts {
  const now = deps.now ?? (() => new Date());
  const policy = () => ({ now: now().getTime(), maxAttempts: MAX_ATTEMPTS, retryAfterMs: RETRY_AFTER_MS });

  /** Claims and delivers papers (best first) to one follow. */
  async function deliver(follow: Follow, paperIds: string[]): Promise<void> {
    const claimed = await deps.store.claimAlerts(follow.id, paperIds, policy());
    if (claimed.length === 0) return;
    const { platform, id } = splitChannelKey(follow.owner);
    const adapter = deps.adapters.get(platform);
    if (!adapter) {
      await deps.store.markAlertsFailed(follow.id, claimed, `the ${platform} adapter is not running`);
      return;
    }
    const papers = claimed.map((p) => deps.library.get(p)).filter((p) => p !== undefined);
    const extra = papers.length - ALERT_SIZE;
    try {
      const posted = await adapter.post(
        { id, person: follow.kind === 'person' },
        {
          kind: 'list',
          title: `New ${papers.length === 1 ? 'paper' : 'papers'} for “${follow.words}”`,
          hits: papers.slice(0, ALERT_SIZE).map(toSummary),
          ...(extra > 0 ? { more: `and ${extra} more: /paper ${follow.words}` } : {}),
          notes: [],
        },
      );
      await deps.store.markAlertsSent(follow.id, claimed, posted.messageId);
      deps.logger.info(`follows: alerted ${follow.owner} of ${claimed.length} new ${claimed.length === 1 ? 'paper' : 'papers'} for "${follow.words}"`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (err instanceof RecipientGoneError) {
        await deps.store.removeFollow(follow.owner, follow.id);
        deps.logger.warn(`follows: dropped the follow of "${follow.words}" by ${follow.owner}: ${error}`);
        return;
      }
      await deps.store.markAlertsFailed(follow.id, claimed, error);
      deps.logger.error(`follows: alerting ${follow.owner} failed (${error}); will retry up to ${MAX_ATTEMPTS} times`);
    }
  }

  return {
    async onNewPapers(paperIds) {
      if (paperIds.length === 0) return;
      const candidates = new Set(paperIds);
      for (const follow of await deps.store.listFollows()) {
        const matched = deps.library.matchAll(follow.words, candidates);
        if (matched.length > 0) await deliver(follow, matched.map((p) => p.id));
      }
    },
    async retryFailed() {
      const due = await deps.store.retryableAlerts(policy());
      if (due.length === 0) return;
      const follows = new Map((await deps.store.listFollows()).map((f) => [f.id, f]));
      for (const { followId, paperIds } of due) {
        const follow = follows.get(followId);
        if (follow) await deliver(follow, paperIds);
      }
    },
  };
}
