import type { Logger } from './logger.js';
import type { Store } from '../store/store.js';

/** What the election needs; the store is shared by every replica. */
export interface LeaderLeaseOptions {
  store: Pick<Store, 'acquireLease' | 'releaseLease'>;
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
  /** Called when this replica becomes the leader; throwing gives the lease up, to be tried again. */
  onLead(): Promise<void>;
  /** Called when this replica stops leading (lost the lease, or stopping). */
  onFollow(): Promise<void>;
  logger: Logger;
  now?: () => number;
}

/** A running election. */
export interface LeaderLease {
  isLeader(): boolean;
  /** Resolves after the first attempt to take the lease and, if taken, `onLead`. */
  readonly settled: Promise<void>;
  /** Stops renewing; a leader calls `onFollow` and releases the lease so another replica takes over at once. */
  stop(): Promise<void>;
}

/** The lease durations paperbot uses for the Discord gateway: failover within ttl + renew (20 s), under the 30 s asked. */
export const GATEWAY_LEASE = { name: 'discord-gateway', ttlMs: 15_000, renewEveryMs: 5_000, retryEveryMs: 1_000 } as const;

/**
 * Leader election over a lease in the shared store: each replica tries to
 * take or renew the lease every `renewEveryMs`; whoever holds it leads.
 *
 * While the store cannot be reached, a leader keeps leading: nobody else can
 * take the lease without the store either, and dropping the Discord session
 * would stop answering searches that need no database. It retries every
 * `retryEveryMs`, so when the store is back it usually renews before another
 * replica sees the lease expired; if another got it first, the next renewal
 * says so and this replica steps down.
 *
 * Becoming leader and stepping down run one after the other, never together,
 * and the renewals go on while `onLead` runs (a gateway login can take longer
 * than a renewal period).
 */
export function startLeaderLease(opts: LeaderLeaseOptions): LeaderLease {
  const now = opts.now ?? Date.now;
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let storeDown = false;
  // Transitions (onLead / onFollow) are chained, so they never overlap.
  let transitions: Promise<void> = Promise.resolve();

  const become = (lead: boolean): Promise<void> => {
    if (lead === leading) return transitions;
    leading = lead;
    transitions = transitions.then(async () => {
      if (lead) {
        opts.logger.info(`lease ${opts.name}: this replica (${opts.owner}) leads`);
        try {
          await opts.onLead();
        } catch (err) {
          opts.logger.error(`lease ${opts.name}: starting as leader failed (${describe(err)}); giving the lease up and trying again`);
          leading = false;
          await opts.onFollow().catch(() => undefined);
          await opts.store.releaseLease(opts.name, opts.owner).catch(() => undefined);
        }
      } else {
        opts.logger.info(`lease ${opts.name}: this replica (${opts.owner}) no longer leads`);
        await opts.onFollow().catch((err: unknown) => opts.logger.error(`lease ${opts.name}: stepping down failed: ${describe(err)}`));
      }
    });
    return transitions;
  };

  const round = async (): Promise<void> => {
    let held: boolean;
    try {
      held = await opts.store.acquireLease(opts.name, opts.owner, now(), opts.ttlMs);
    } catch (err) {
      if (!storeDown) {
        opts.logger.warn(`lease ${opts.name}: cannot reach the store (${describe(err)}); ${leading ? 'keeping the lead until it answers' : 'following'}`);
      }
      storeDown = true;
      return;
    }
    if (stopped) {
      // stop() ran while this round was asking: do not start leading after it.
      if (held && !leading) await opts.store.releaseLease(opts.name, opts.owner).catch(() => undefined);
      return;
    }
    if (storeDown) opts.logger.info(`lease ${opts.name}: the store answers again`);
    storeDown = false;
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
      await first;
      if (leading) {
        await become(false);
        // Bounded: a store that hangs must not hold up shutdown; the lease then simply expires.
        const release = opts.store.releaseLease(opts.name, opts.owner);
        const late = new Promise<never>((_, reject) => {
          const t = setTimeout(() => reject(new Error('no answer')), Math.min(opts.ttlMs, 2000));
          void release.finally(() => clearTimeout(t)).catch(() => undefined);
        });
        await Promise.race([release, late]).catch((err: unknown) =>
          opts.logger.warn(`lease ${opts.name}: could not release it (${describe(err)}); another replica takes over when it expires`),
        );
      }
      await transitions;
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
