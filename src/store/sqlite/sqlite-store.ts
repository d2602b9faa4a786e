import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError, type Store, type StoreLifecycle } from '../store.js';
import { sqliteCoordination } from './coordination.js';
import { sqliteDigestArchive } from './digest-archive.js';
import { sqliteFollows } from './follows.js';
import { sqlitePostLedger, sqliteRecapLedger } from './ledgers.js';
import { sqliteLiveDays } from './live-days.js';
import { MIGRATIONS } from './migrations.js';
import { openFailureMessage, storageFault } from './sqlite-faults.js';
import { sqliteSignals } from './signals.js';
import { sqliteSubscriptions } from './subscriptions.js';
import { sqliteWatches } from './watches.js';

// The SQLite store: one file, every role (each in its own module beside this
// one, over the same connection), with storage faults named (see OPERATIONS).
// better-sqlite3 answers synchronously in microseconds; the methods are async
// only to meet the Store interface that a network database also implements.

/** How long a statement waits for another process's write lock before failing (SQLITE_BUSY). */
const BUSY_TIMEOUT_MS = 5000;
/** Tries of readiness's write, 100 ms apart, before a held write lock counts as not ready. */
const PING_ATTEMPTS = 4;

/** The database file under DATA_DIR. */
export const DB_FILE = 'paperbot.db';

/**
 * Opens (creating if needed) the SQLite store at `file`: WAL mode so readers
 * never block the writer, a busy timeout so two processes wait for each other
 * instead of failing, an integrity check, then pending migrations. A corrupt
 * or unreadable file is an error naming it: the bot never starts empty over
 * a user's data.
 */
export function openSqliteStore(file: string): Store {
  let db: Database.Database;
  const existed = existsSync(file);
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check: ${String(check)}`);
    migrate(db);
  } catch (err) {
    throw new StoreError(openFailureMessage(err, file, existed));
  }
  const store: Store = {
    ...sqliteSubscriptions(db),
    ...sqlitePostLedger(db),
    ...sqliteRecapLedger(db),
    ...sqliteFollows(db),
    ...sqliteWatches(db),
    ...sqliteSignals(db),
    ...sqliteDigestArchive(db),
    ...sqliteLiveDays(db),
    ...sqliteCoordination(db),
    ...sqliteLifecycle(db, file),
  };
  return guardStorage(store, file);
}

function migrate(db: Database.Database): void {
  // One IMMEDIATE transaction for the whole upgrade, reading the version inside it: two processes
  // starting at once on a new file then migrate one after the other, and the second finds nothing to do.
  db.transaction(() => {
    const current = Number(db.pragma('user_version', { simple: true }));
    if (current > MIGRATIONS.length) {
      throw new Error(`schema version ${current} is newer than this paperbot knows (${MIGRATIONS.length}); upgrade paperbot`);
    }
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/** Where the file is, whether it takes writes now, and closing it. */
function sqliteLifecycle(db: Database.Database, file: string): StoreLifecycle {
  let closed = false;
  return {
    location: file,

    async ping(): Promise<void> {
      // Readiness: the file takes writes now, not only reads. A committed upsert of one heartbeat key
      // needs the write lock (another process holding it for long makes every write wait, then fail) and
      // disk space for the WAL. Asked without SQLite's busy wait, which would block the event loop for
      // up to 5 s; a writer's moment is waited out here, a few times 100 ms apart, without blocking.
      for (let attempt = 1; ; attempt++) {
        try {
          withoutBusyWait(db, () => db.prepare(`INSERT INTO once_keys (key, expires_at) VALUES ('paperbot:readyz', 0) ON CONFLICT (key) DO UPDATE SET expires_at = 0`).run());
          return;
        } catch (err) {
          const busy = err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY');
          if (!busy || attempt >= PING_ATTEMPTS) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function withoutBusyWait<T>(db: Database.Database, work: () => T): T {
  db.pragma('busy_timeout = 0');
  try {
    return work();
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/**
 * What each store method does, in words for a storage fault, and whether it
 * writes. A full, read-only or forbidden disk then becomes a StorageFault
 * naming the file, the operation and the real cause (ENOSPC, EROFS, EACCES),
 * instead of a bare SqliteError. The record type makes a new Store method
 * without an entry here a type error.
 */
const OPERATIONS: Record<Exclude<keyof Store, 'location'>, [operation: string, write: boolean]> = {
  // SubscriptionStore
  listSubscriptions: ['read the subscriptions', false],
  getSubscription: ['read the subscription', false],
  upsertSubscription: ['save the subscription', true],
  removeSubscription: ['remove the subscription', true],
  // PostLedger
  claimPost: ['claim the daily post', true],
  markSent: ['record the daily post as sent', true],
  markFailed: ['record the daily post as failed', true],
  getPost: ['read the posted ledger', false],
  postedPaperIds: ['read the posted ledger', false],
  // RecapLedger
  claimRecap: ['claim the weekly recap', true],
  markRecapSent: ['record the weekly recap as sent', true],
  markRecapFailed: ['record the weekly recap as failed', true],
  getRecap: ['read the recap ledger', false],
  // FollowStore
  addFollow: ['save the follow', true],
  listFollows: ['read the follows', false],
  removeFollow: ['remove the follow', true],
  removeAllFollows: ['remove the follows', true],
  claimAlerts: ['claim the follow alert', true],
  markAlertsSent: ['record the follow alert as sent', true],
  markAlertsFailed: ['record the follow alert as failed', true],
  retryableAlerts: ['read the follow alerts', false],
  // WatchStore
  addWatch: ['save the watch', true],
  listWatches: ['read the watches', false],
  removeWatch: ['remove the watch', true],
  removeAllWatches: ['remove the watches', true],
  recordWatchCheck: ['record the watch check', true],
  claimWatchAlert: ['claim the watch alert', true],
  markWatchAlertSent: ['record the watch alert as sent', true],
  markWatchAlertFailed: ['record the watch alert as failed', true],
  retryableWatchAlerts: ['read the watch alerts', false],
  // SignalStore
  addSave: ['save the paper', true],
  removeSave: ['remove the saved paper', true],
  removeAllSaves: ['remove the saved papers', true],
  listSaves: ['read the saved papers', false],
  addVote: ['record the reaction', true],
  removeVote: ['remove the reaction', true],
  removeMessageVotes: ['remove the cleared reactions', true],
  listVotedPapers: ['read the reactions', false],
  teamTop: ["read the team's top", false],
  upsertForYou: ['save the for-you subscription', true],
  getForYou: ['read the for-you subscription', false],
  removeForYou: ['remove the for-you subscription', true],
  listForYou: ['read the for-you subscriptions', false],
  hasSignals: ['read whether anyone saved or voted', false],
  forgetPerson: ['forget the person', true],
  setRecapTeam: ['save the recap choice', true],
  recapTeam: ['read the recap choice', false],
  // DigestArchiveStore
  archiveDigest: ['archive the digest', true],
  archivedDigests: ['read the digest archive', false],
  archivedFiles: ['read the digest archive', false],
  archivedSince: ['read the digest archive', false],
  // LiveDayStore
  saveLiveDay: ['save the fetched day', true],
  liveDays: ['read the fetched days', false],
  liveDayStatus: ['read the fetched days', false],
  keepLookedUp: ['keep the looked-up paper', true],
  lookedUp: ['read the looked-up papers', false],
  // Coordination: RunClaims, OnceClaims, LeaseStore
  claimRun: ['claim the scheduled run', true],
  claimOnce: ['claim the key', true],
  releaseOnce: ['release the key', true],
  acquireLease: ['take the lease', true],
  releaseLease: ['release the lease', true],
  getLease: ['read the lease', false],
  // StoreLifecycle
  ping: ['check that the database takes writes', true],
  close: ['close the database', false],
};

/** The store with every method's storage trouble mapped to a StorageFault (see OPERATIONS). */
function guardStorage(store: Store, file: string): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      const what = typeof key === 'string' ? OPERATIONS[key as keyof typeof OPERATIONS] : undefined;
      if (typeof value !== 'function' || what === undefined) return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (err) {
          throw storageFault(err, file, what[0], what[1]) ?? err;
        }
      };
    },
  });
}
