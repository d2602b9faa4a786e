import { describe, expectTypeOf, it } from 'vitest';
import type { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type {
  DigestArchiveStore,
  FollowStore,
  LeaseStore,
  LiveDayStore,
  OnceClaims,
  PostLedger,
  RecapLedger,
  RunClaims,
  SignalStore,
  Store,
  StoreLifecycle,
  SubscriptionStore,
  WatchStore,
} from '../../src/store/store.js';

// The Store's shape, checked by the type-check (npm run typecheck; at run time
// these assertions do nothing). Both stores build themselves by spreading one
// object per role, so a method in two roles would silently take the last
// role's version: the roles must not overlap, and together they are the Store.

type Roles = [SubscriptionStore, PostLedger, RecapLedger, FollowStore, WatchStore, SignalStore, DigestArchiveStore, LiveDayStore, RunClaims, OnceClaims, LeaseStore, StoreLifecycle];
type KeysOf<R extends readonly unknown[]> = { [I in keyof R]: keyof R[I] }[number];
/** The names that two roles of `R` share. */
type Overlap<R extends readonly unknown[]> = R extends [infer Head, ...infer Tail] ? (keyof Head & KeysOf<Tail>) | Overlap<Tail> : never;

describe('the Store is its roles', () => {
  it('no method belongs to two roles', () => {
    expectTypeOf<Overlap<Roles>>().toEqualTypeOf<never>();
  });

  it('every method of the Store belongs to a role', () => {
    expectTypeOf<keyof Store>().toEqualTypeOf<KeysOf<Roles>>();
  });

  it('both stores implement every role', () => {
    expectTypeOf<ReturnType<typeof openSqliteStore>>().toEqualTypeOf<Store>();
    expectTypeOf<Awaited<ReturnType<typeof openPostgresStore>>>().toEqualTypeOf<Store>();
  });
});
