import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.js';
import { memoryOnceKeys, sharedOnceKeys } from '../../src/store/once-keys.js';
import { StoreUnavailableError } from '../../src/store/store.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

describe('once keys', () => {
  it('in memory: once per key, forgetting the oldest beyond capacity, and again after release', async () => {
    const keys = memoryOnceKeys(2);
    expect(await keys.claim('a')).toBe(true);
    expect(await keys.claim('a')).toBe(false);
    await keys.claim('b');
    await keys.claim('c'); // forgets a
    expect(await keys.claim('a')).toBe(true);
    await keys.release('a');
    expect(await keys.claim('a')).toBe(true);
  });

  it('shared through the store: a key claimed on one replica is refused on another, until released', async () => {
    const store = openStore();
    const logger = createLogger({ level: 'silent' });
    const [a, b] = [0, 1].map(() => sharedOnceKeys({ store, namespace: 'slack:event', ttlMs: 60_000, logger }));
    expect(await a!.claim('Ev1')).toBe(true);
    expect(await b!.claim('Ev1')).toBe(false);
    expect(await a!.claim('Ev1')).toBe(false);
    // Namespaces keep uses apart.
    expect(await sharedOnceKeys({ store, namespace: 'slack:abstract', ttlMs: 60_000, logger }).claim('Ev1')).toBe(true);
    await a!.release('Ev1');
    expect(await b!.claim('Ev1')).toBe(true);
  });

  it('decides alone while the store cannot be reached, asks again a few seconds later, and says so once', async () => {
    let clock = 0;
    let calls = 0;
    let down = true;
    const store = {
      claimOnce: async () => {
        calls++;
        if (down) throw new StoreUnavailableError('postgres://bot@db/paperbot', { cause: new Error('connect ECONNREFUSED') });
        return false;
      },
      releaseOnce: async () => undefined,
    };
    const logs: string[] = [];
    const keys = sharedOnceKeys({ store, namespace: 'slack:event', ttlMs: 60_000, logger: createLogger({ level: 'info', write: (l) => logs.push(l) }), now: () => clock });
    expect(await keys.claim('Ev1')).toBe(true);
    expect(await keys.claim('Ev1')).toBe(false); // a retry to this replica is still caught, from memory
    expect(await keys.claim('Ev2')).toBe(true);
    expect(calls).toBe(1); // within 5 s of the failure the store is not asked again
    clock = 6000;
    expect(await keys.claim('Ev3')).toBe(true);
    expect(calls).toBe(2);
    down = false;
    clock = 12_000;
    expect(await keys.claim('Ev4')).toBe(false); // answered by another replica
    expect(logs).toEqual([
      'warn: slack:event: cannot check with the other replicas (the store postgres://bot@db/paperbot cannot be reached: connect ECONNREFUSED); deciding alone until the store answers',
      'slack:event: the store answers again; claims are shared with the other replicas',
    ]);
  });

  it('does not wait on a store that gives no answer', async () => {
    const hung = { claimOnce: () => new Promise<boolean>(() => undefined), releaseOnce: async () => undefined };
    const logs: string[] = [];
    const keys = sharedOnceKeys({ store: hung, namespace: 'slack:event', ttlMs: 60_000, deadlineMs: 20, logger: createLogger({ level: 'warn', write: (l) => logs.push(l) }) });
    expect(await keys.claim('Ev1')).toBe(true);
    expect(logs).toEqual(['warn: slack:event: cannot check with the other replicas (the store gave no answer within 20 ms); deciding alone until the store answers']);
  });
});
