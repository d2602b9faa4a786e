import { performance } from 'node:perf_hooks';
import type { Logger } from './logger.js';
import type { LeaseStore } from '../store/store.js';

/** What the election needs; the store is shared by every replica. */
export interface LeaderLeaseOptions {
  store: LeaseStore;
  /** The lease's name, e.g. `discord-gateway`. */
  name: string;
  /** This replica's id, unique among replicas (host, pid and a random part). */
  owner: string;
  /** How long a lease lasts without renewal: a dead leader is replaced this long after its last renewal, or a renewal period later. */
  ttlMs: number;
  /** How often the leader renews and the others try to take over. */
  renewEveryMs: number;
  /** How often a leader that cannot reach the store tries again (sooner than the others, so it wins when the store is back). */
  retryEveryMs: number;
  /**
   * A leader that has not renewed for `ttlMs - fenceMarginMs` stops leading,
   * before any other replica can take the lease over. The margin covers
   * stepping down (closing a session) and the replicas' clock difference.
   */
  fenceMarginMs: number;
  /**
   * Whether other replicas share the store (a shared database). Without,
   * nobody can take over, so leading is no news: the lease's lines are debug
   * lines, and `onLead`'s own messages say what goes wrong. Default true.
   */
  shared?: boolean;
  /** Called when this replica becomes the leader; throwing gives the lease up, to be tried again. `signal` aborts when it must stop leading meanwhile. */
  onLead(signal: AbortSignal): Promise<void>;
  /** Called when this replica stops leading (lost the lease, could not renew it in time, or stopping). */
  onFollow(): Promise<void>;
  logger: Logger;
  /** The wall clock the store's expiry times use (every replica's must agree). */
  now?: () => number;
  /** A monotonic clock, for how long ago this replica renewed. */
  monotonic?: () => number;
}

/** A running election. */
export interface LeaderLease {
  isLeader(): boolean;
  /** Resolves after the first attempt to take the lease and, if taken, `onLead`. */
  readonly settled: Promise<void>;
  /** Stops renewing; a leader calls `onFollow` and releases the lease so another replica takes over at once. */
  stop(): Promise<void>;
}

/**
 * The lease durations paperbot uses for the Discord gateway: failover within ttl + renew (20 s), under
 * the 30 s asked; a leader that cannot renew closes its session 12 s after its last renewal, 3 s before
 * any other replica may take the lease.
 */
export const GATEWAY_LEASE = { name: 'discord-gateway', ttlMs: 15_000, renewEveryMs: 5_000, retryEveryMs: 1_000, fenceMarginMs: 3_000 } as const;

/** While starting as leader keeps failing, one line says so at most this often. */
const REPORT_EVERY_MS = 60_000;

/**
 * Leader election over a lease in the shared store: each replica tries to
 * take or renew the lease every `renewEveryMs`; whoever holds it leads.
 *
 * Fencing by time: the lease is the leader's only as long as it is not
 * expired, and another replica takes it over as soon as it is. So a leader
 * counts from each renewal it sent (on the monotonic clock) and, when it
 * could not renew for `ttlMs - fenceMarginMs` (a store it cannot reach, or
 * that does not answer), stops leading before the lease expires: two leaders
 * never overlap. Meanwhile it retries every `retryEveryMs`, so a short outage
 * costs nothing; after a longer one it leads again if the lease is still free.
 *
 * Becoming leader and stepping down run one after the other, never together;
 * stepping down aborts an `onLead` still running. Renewals go on while `onLead`
 * runs (a gateway login can take longer than a renewal period).
 */
export function startLeaderLease(opts: LeaderLeaseOptions): LeaderLease {
  const now = opts.now ?? Date.now;
  const monotonic = opts.monotonic ?? (() => performance.now());
  const shared = opts.shared ?? true;
  // Leadership is news only when there are other replicas to hand it to.
  const news = (line: string) => (shared ? opts.logger.info(line) : opts.logger.debug(line));
  const validFor = opts.ttlMs - opts.fenceMarginMs;
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let fence: NodeJS.Timeout | undefined;
  let storeDown = false;
  /** Aborted when this leadership term ends, so an `onLead` still running gives up. */
  let term: AbortController | undefined;
  /** Attempts to start leading that failed in a row, since when, and when that was last said. */
  let failures = 0;
  let failingSince = 0;
  let reportedAt = 0;
  // Transitions (onLead / onFollow) are chained, so they never overlap.
  let transitions: Promise<void> = Promise.resolve();

  const release = () => bounded(opts.store.releaseLease(opts.name, opts.owner), Math.min(opts.ttlMs, 2000));

  const become = (lead: boolean): Promise<void> => {
    if (lead === leading) return transitions;
    leading = lead;
    if (!lead) {
      clearTimeout(fence);
      term?.abort();
      transitions = transitions.then(async () => {
        news(`lease ${opts.name}: this replica (${opts.owner}) no longer leads`);
        await opts.onFollow().catch((err: unknown) => opts.logger.error(`lease ${opts.name}: stepping down failed: ${describe(err)}`));
      });
      return transitions;
    }
    const current = new AbortController();
    term = current;
    transitions = transitions.then(async () => {
      if (current.signal.aborted) return; // stepped down before it began
      // A retry after a failure is not news; its outcome is.
      if (failures === 0) news(`lease ${opts.name}: this replica (${opts.owner}) leads`);
      try {
        await opts.onLead(current.signal);
      } catch (err) {
        if (current.signal.aborted) return; // stepping down interrupted it, and runs onFollow
        failed(err);
        leading = false;
        clearTimeout(fence);
        await opts.onFollow().catch(() => undefined);
        await release().catch(() => undefined);
        return;
      }
      if (failures > 0) {
        news(`lease ${opts.name}: this replica (${opts.owner}) leads, after ${failures} failed ${failures === 1 ? 'start' : 'starts'} over ${seconds(monotonic() - failingSince)} s`);
        failures = 0;
      }
    });
    return transitions;
  };

  /** Starting as leader failed: said once, then at most once a minute while it goes on. */
  const failed = (err: unknown) => {
    const at = monotonic();
    if (failures++ === 0) {
      failingSince = reportedAt = at;
      const line = `lease ${opts.name}: starting as leader failed (${describe(err)}); giving the lease up and trying again every ${seconds(opts.renewEveryMs)} s`;
      if (shared) opts.logger.warn(line);
      else opts.logger.debug(line);
    } else if (shared && at - reportedAt >= REPORT_EVERY_MS) {
      reportedAt = at;
      opts.logger.warn(`lease ${opts.name}: starting as leader still fails after ${failures} attempts over ${seconds(at - failingSince)} s (${describe(err)}); trying again`);
    } else {
      opts.logger.debug(`lease ${opts.name}: starting as leader failed again (${describe(err)})`);
    }
  };

  /** The last renewal is too old to lead on: step down before the lease can expire under us. */
  const fenced = () => {
    if (!leading || stopped) return;
    opts.logger.warn(
      `lease ${opts.name}: could not renew the lease for ${seconds(validFor)} s (${storeDown ? 'the store cannot be reached' : 'the store does not answer'}); stepping down before it expires, so that two replicas never lead at once`,
    );
    void become(false);
  };

  const round = async (): Promise<void> => {
    // The store's expiry is this moment's clock plus the ttl, however late the answer comes.
    const sentAt = monotonic();
    let held: boolean;
    try {
      // An answer later than this is no use (too late to lead on), and a store that never answers must not stop the rounds.
      held = await bounded(opts.store.acquireLease(opts.name, opts.owner, now(), opts.ttlMs), validFor);
    } catch (err) {
      if (!storeDown) {
        opts.logger.warn(`lease ${opts.name}: cannot reach the store (${describe(err)}); ${leading ? `keeping the lead for up to ${seconds(validFor)} s after the last renewal` : 'following'}`);
      }
      storeDown = true;
      return;
    }
    if (stopped) {
      // stop() ran while this round was asking: do not start leading after it.
      if (held && !leading) await release().catch(() => undefined);
      return;
    }
    if (storeDown) opts.logger.info(`lease ${opts.name}: the store answers again`);
    storeDown = false;
    const remaining = sentAt + validFor - monotonic();
    // An answer that came too late to lead on counts as no renewal; the next round asks again.
    if (held && remaining <= 0) return;
    if (held) {
      clearTimeout(fence);
      fence = setTimeout(fenced, remaining);
    }
    if (held !== leading) void become(held);
  };

  const schedule = () => {
    if (stopped) return;
    const delay = storeDown && leading ? opts.retryEveryMs : opts.renewEveryMs;
    timer = setTimeout(() => void round().finally(schedule), delay);
  };

  const first = round();
  void first.finally(schedule);
  const settled = first.then(() => transitions);

  return {
    isLeader: () => leading,
    settled,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(fence);
      await first;
      if (leading) {
        await become(false);
        // Bounded: a store that hangs must not hold up shutdown; the lease then simply expires.
        await release().catch((err: unknown) =>
          opts.logger.warn(`lease ${opts.name}: could not release it (${describe(err)}); another replica takes over when it expires`),
        );
      }
      await transitions;
    },
  };
}

/** The promise, or a rejection after `ms` if it has not settled by then. */
function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error('no answer')), ms);
  });
  void promise.catch(() => undefined);
  return Promise.race([promise, late]).finally(() => clearTimeout(t));
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
