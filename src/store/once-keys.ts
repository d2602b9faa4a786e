import type { Logger } from '../ops/logger.js';
import type { OnceClaims } from './store.js';

/** "Has this been done already?", asked before something that must happen once (answer an event, post an abstract). */
export interface OnceKeys {
  /** True for the first claim of `key`; false if it was claimed before (here, or by another replica). */
  claim(key: string): Promise<boolean>;
  /** Frees a key whose work failed, so a later attempt may do it. */
  release(key: string): Promise<void>;
}

/** Claims kept in this process only; bounded, the oldest forgotten first. */
export function memoryOnceKeys(capacity = 10_000): OnceKeys {
  const keys = new Set<string>();
  return {
    async claim(key) {
      if (keys.has(key)) return false;
      keys.add(key);
      if (keys.size > capacity) keys.delete(keys.values().next().value as string);
      return true;
    },
    async release(key) {
      keys.delete(key);
    },
  };
}

export interface SharedOnceKeysOptions {
  store: OnceClaims;
  /** Prefix that keeps this use's keys apart from others' (`slack:event`). */
  namespace: string;
  /** How long a claim holds: longer than the platform may retry. */
  ttlMs: number;
  logger: Logger;
  /** After a store failure, how long the replica decides alone before asking the store again (default 5 s). */
  offlineMs?: number;
  /** How long an answer may wait for the store before the replica decides alone (default 1 s). */
  deadlineMs?: number;
  capacity?: number;
  now?: () => number;
}

/**
 * Claims shared by every replica through the store (OnceClaims.claimOnce). This
 * process's memory stands in front, so a retry to the same replica costs no
 * query, and behind: when the store cannot be reached, the replica decides
 * alone for a few seconds, without asking again, so answering never waits on a
 * database that is down (nor more than `deadlineMs` on one that does not answer). (Only a retry that reaches another replica during
 * that outage can then be answered twice: a duplicate beats silence.)
 */
export function sharedOnceKeys(opts: SharedOnceKeysOptions): OnceKeys {
  const local = memoryOnceKeys(opts.capacity);
  const now = opts.now ?? Date.now;
  const offlineMs = opts.offlineMs ?? 5000;
  const deadlineMs = opts.deadlineMs ?? 1000;
  let offlineUntil = 0;
  let warned = false;
  const shared = (key: string) => `${opts.namespace}:${key}`;
  return {
    async claim(key) {
      if (!(await local.claim(key))) return false;
      if (now() < offlineUntil) return true;
      try {
        const first = await withDeadline(opts.store.claimOnce(shared(key), now(), opts.ttlMs), deadlineMs);
        // Remember only our own claims: a key another replica holds may be released there, and must then be claimable here.
        if (!first) await local.release(key);
        if (warned) opts.logger.info(`${opts.namespace}: the store answers again; claims are shared with the other replicas`);
        warned = false;
        return first;
      } catch (err) {
        offlineUntil = now() + offlineMs;
        if (!warned) opts.logger.warn(`${opts.namespace}: cannot check with the other replicas (${err instanceof Error ? err.message : String(err)}); deciding alone until the store answers`);
        warned = true;
        return true;
      }
    },
    async release(key) {
      await local.release(key);
      await opts.store.releaseOnce(shared(key)).catch((err: unknown) => opts.logger.debug(`${opts.namespace}: could not release ${key}: ${err instanceof Error ? err.message : String(err)}`));
    },
  };
}

/** The store's answer, or a rejection once `ms` have passed without one (the claim may still land later: harmless). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store gave no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined); // a late failure is nobody's concern
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
