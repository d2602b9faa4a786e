import { RecipientGoneError, type ChatAdapter } from '../adapter.js';
import { forYouList, type ForYouDeps } from '../commands/foryou.js';
import { forYouLedgerKey } from '../commands/signal-keys.js';
import type { Logger } from '../ops/logger.js';
import type { PostLedger, SignalStore, Subscription } from '../store/store.js';
import { splitChannelKey } from './channel-key.js';
import { MAX_ATTEMPTS, RETRY_AFTER_MS } from './daily-job.js';
import { duePosts } from './schedule.js';

// Each reader's daily "for you" post (`subscribe foryou` in a DM): the three
// best new papers for them, by direct message, with the daily post's
// guarantees through the daily post's own ledger (PostLedger), keyed
// `foryou:<person>`: the (reader, local day) is claimed before sending, so it
// is sent at most once a day across restarts and replicas; a failed send is
// retried (MAX_ATTEMPTS, RETRY_AFTER_MS apart); an outcome the store could
// not take is kept here and written every minute, the claim staying
// `sending` meanwhile, so it is never sent twice.

/** Papers a for-you post holds. */
export const FOR_YOU_POST_SIZE = 3;
/** "New" papers: listed on the library's newest day or the two before it. */
const NEW_DAYS = 3;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

export interface ForYouJobDeps extends ForYouDeps {
  store: SignalStore & PostLedger;
  adapters: ReadonlyMap<string, ChatAdapter>;
  logger: Logger;
}

type Outcome = { key: string; localDay: string } & ({ sent: true; messageId: string } | { sent: false; error: string });

export interface ForYouJob {
  tick(now: Date): Promise<{ posted: number; failed: number }>;
  /** Writes outcomes the store could not take when they happened (every replica, every minute). */
  flush(): Promise<void>;
}

export function createForYouJob(deps: ForYouJobDeps): ForYouJob {
  const unrecorded = new Map<string, Outcome>();
  const said = new Set<string>();
  const once = (key: string, log: () => void) => {
    if (said.has(key)) return;
    said.add(key);
    log();
  };
  const record = (o: Outcome) => (o.sent ? deps.store.markSent(o.key, o.localDay, o.messageId) : deps.store.markFailed(o.key, o.localDay, o.error));
  const flush = async () => {
    for (const [k, outcome] of unrecorded) {
      try {
        await record(outcome);
        unrecorded.delete(k);
      } catch {
        // Still down: kept for the next minute.
      }
    }
  };
  return {
    flush,
    async tick(now) {
      await flush();
      const report = { posted: 0, failed: 0 };
      const subs: Subscription[] = (await deps.store.listForYou()).map((s) => ({ channel: forYouLedgerKey(s.person), cadence: 'daily', time: s.time, timezone: s.timezone, days: EVERY_DAY, source: 'command' }));
      for (const { subscription, localDay } of await duePosts(subs, (key, day) => deps.store.getPost(key, day), now)) {
        const key = subscription.channel;
        const person = key.slice('foryou:'.length);
        const { platform, id } = splitChannelKey(person);
        const adapter = deps.adapters.get(platform);
        if (!adapter) {
          once(`${key}:adapter`, () => deps.logger.warn(`foryou: a reader's daily papers wait: the ${platform} adapter is not running`));
          continue;
        }
        const sent = await deps.store.postedPaperIds(key);
        const list = await forYouList(deps.store, person, deps, { limit: FOR_YOU_POST_SIZE, since: newSince(deps), exclude: sent, title: 'Your papers for today' });
        if (list.hits.length === 0) {
          once(`${key}:${localDay}:empty`, () => deps.logger.info('foryou: nothing new for a reader today'));
          continue;
        }
        const claimed = await deps.store.claimPost({ channel: key, localDay, paperId: list.hits[0]!.id, now: now.getTime(), maxAttempts: MAX_ATTEMPTS, retryAfterMs: RETRY_AFTER_MS });
        if (!claimed) continue;
        let outcome: Outcome;
        try {
          const posted = await adapter.post({ id, person: true }, list);
          outcome = { key, localDay, sent: true, messageId: posted.messageId };
          report.posted++;
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          outcome = { key, localDay, sent: false, error };
          report.failed++;
          if (err instanceof RecipientGoneError) {
            // The person cannot be reached any more (left, blocks DMs): their subscription ends.
            await deps.store.removeForYou(person);
            deps.logger.warn(`foryou: a reader cannot be sent direct messages (${error}); their daily papers are stopped`);
          } else {
            deps.logger.error(`foryou: a daily post failed (${error}); will retry up to ${MAX_ATTEMPTS} times today`);
          }
        }
        try {
          await record(outcome);
        } catch (err) {
          unrecorded.set(`${key} ${localDay}`, outcome);
          deps.logger.warn(`foryou: could not record a daily post (${err instanceof Error ? err.message : String(err)}); recording it when the store answers again`);
        }
      }
      return report;
    },
  };
}

/** The first day that counts as new: the library's newest day less {@link NEW_DAYS} - 1. */
function newSince(deps: Pick<ForYouDeps, 'library'>): string | undefined {
  const newest = [...deps.library.days()].sort().at(-1);
  if (newest === undefined) return undefined;
  return new Date(Date.parse(`${newest}T00:00:00Z`) - (NEW_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
}
