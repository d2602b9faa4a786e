import { afterEach, describe, expect, it } from 'vitest';
import { startLeaderLease, type LeaderLease } from '../../src/ops/leader-lease.js';
import { createLogger } from '../../src/ops/logger.js';
import { StoreUnavailableError, type LeaseStore, type Store } from '../../src/store/store.js';
import { until } from '../helpers/loopback.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);
const leases: LeaderLease[] = [];
afterEach(async () => {
  for (const l of leases.splice(0)) await l.stop();
});

function sharedStore(): Store {
  const store = openStore();
  return store;
}

/** A replica in the election: records its transitions; `store` may be a faulty view of the shared one. */
function replica(owner: string, store: LeaseStore, over: { onLead?: () => Promise<void> } = {}) {
  const events: string[] = [];
  const logs: string[] = [];
  const lease = startLeaderLease({
    store,
    name: 'gateway',
    owner,
    ttlMs: 400,
    renewEveryMs: 100,
    retryEveryMs: 20,
    fenceMarginMs: 100,
    onLead: over.onLead ?? (async () => void events.push('lead')),
    onFollow: async () => void events.push('follow'),
    logger: createLogger({ level: 'info', write: (l) => logs.push(l) }),
  });
  leases.push(lease);
  return { lease, events, logs };
}

/** The shared store as one replica sees it: `mode` freezes it (a hung process) or fails it (a lost database). */
function view(store: Store) {
  const state = { mode: 'ok' as 'ok' | 'frozen' | 'down' };
  const gate = async <T>(call: () => Promise<T>): Promise<T> => {
    if (state.mode === 'frozen') return new Promise<T>(() => undefined);
    if (state.mode === 'down') throw new StoreUnavailableError('test-store', { cause: new Error('connect ECONNREFUSED') });
    return call();
  };
  return {
    state,
    acquireLease: (...a: Parameters<Store['acquireLease']>) => gate(() => store.acquireLease(...a)),
    releaseLease: (...a: Parameters<Store['releaseLease']>) => gate(() => store.releaseLease(...a)),
    getLease: (...a: Parameters<Store['getLease']>) => gate(() => store.getLease(...a)),
  };
}

describe('leader lease', () => {
  it('gives the lead to one replica, and hands it over at once when the leader stops', async () => {
    const store = sharedStore();
    const [a, b] = [replica('a', store), replica('b', store)];
    await Promise.all([a.lease.settled, b.lease.settled]);
    expect([a.lease.isLeader(), b.lease.isLeader()].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = a.lease.isLeader() ? [a, b] : [b, a];
    await leader.lease.stop();
    expect(leader.events).toEqual(['lead', 'follow']);
    await until(() => follower.lease.isLeader(), 5000, 'the follower to lead');
    expect(follower.events).toEqual(['lead']);
    expect((await store.getLease('gateway'))?.owner).toBe(follower === a ? 'a' : 'b');
  });

  it('moves the lead to another replica when the leader hangs or dies without a word', async () => {
    const store = sharedStore();
    const frozen = view(store);
    const a = replica('a', frozen);
    await a.lease.settled;
    expect(a.lease.isLeader()).toBe(true);
    frozen.state.mode = 'frozen';
    const b = replica('b', store);
    await until(() => b.lease.isLeader(), 5000, 'b to take over');
    expect((await store.getLease('gateway'))?.owner).toBe('b');
    // Stopping a replica whose store hangs is bounded too.
    await a.lease.stop();
  });

  it('keeps the lead while the store is down, and renews when it is back', async () => {
    const store = sharedStore();
    const flaky = view(store);
    const a = replica('a', flaky);
    await a.lease.settled;
    flaky.state.mode = 'down';
    await until(() => a.logs.some((l) => l.includes('cannot reach the store')), 5000, 'the outage to be noticed');
    expect(a.lease.isLeader()).toBe(true);
    expect(a.events).toEqual(['lead']);
    flaky.state.mode = 'ok';
    await until(() => a.logs.some((l) => l.includes('the store answers again')), 5000, 'the store to answer');
    expect(a.lease.isLeader()).toBe(true);
    expect(a.events).toEqual(['lead']);
  });

  it('steps down before its lease expires when it cannot renew (a store that hangs), and leads again once it answers', async () => {
    const store = sharedStore();
    const hung = view(store);
    const a = replica('a', hung);
    await a.lease.settled;
    const { expiresAt } = (await store.getLease('gateway'))!;
    hung.state.mode = 'frozen';
    await until(() => !a.lease.isLeader() && a.events.length === 2, 5000, 'a to step down');
    // Fenced by time: the session was let go while the lease still held, so no other replica could have led meanwhile.
    expect(a.events).toEqual(['lead', 'follow']);
    expect(Date.now()).toBeLessThan((await store.getLease('gateway'))!.expiresAt);
    expect((await store.getLease('gateway'))!.expiresAt).toBeGreaterThanOrEqual(expiresAt);
    expect(a.logs.join('\n')).toMatch(/lease gateway: could not renew the lease for 0.3 s \(.*\); stepping down before it expires/);
    hung.state.mode = 'ok';
    await until(() => a.lease.isLeader() && a.events.length === 3, 5000, 'a to lead again');
    expect(a.events).toEqual(['lead', 'follow', 'lead']);
  });

  it('steps down when another replica took the lease while this one could not renew', async () => {
    const store = sharedStore();
    const cut = view(store);
    const a = replica('a', cut);
    await a.lease.settled;
    cut.state.mode = 'down';
    // The lease expires; another replica, which can reach the store, takes it.
    const deadline = Date.now() + 5000;
    while (!(await store.acquireLease('gateway', 'b', Date.now(), 60_000))) {
      if (Date.now() > deadline) throw new Error('b could not take the lease within 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    cut.state.mode = 'ok';
    await until(() => !a.lease.isLeader() && a.events.length === 2, 5000, 'a to step down');
    expect(a.events).toEqual(['lead', 'follow']);
  });

  it('gives the lease up when starting as leader fails, and tries again', async () => {
    const store = sharedStore();
    let failures = 1;
    const a = replica('a', store, {
      onLead: async () => {
        if (failures-- > 0) throw new Error('gateway login refused');
      },
    });
    await until(() => a.logs.some((l) => l.includes('starting as leader failed (gateway login refused)')), 5000, 'the failure');
    await until(() => a.lease.isLeader(), 5000, 'a second, successful try');
  });
});
