import type Database from 'better-sqlite3';
import { toLease } from '../table-rows.js';
import type { Coordination, Lease } from '../store.js';

// SQLite's coordination roles: run claims, once-keys and leases. Several
// processes on one file (WAL mode) agree through these rows.

export function sqliteCoordination(db: Database.Database): Coordination {
  return {
    async claimRun(key: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
      return db.transaction(() => {
        db.prepare('DELETE FROM run_claims WHERE expires_at <= ?').run(now);
        return db.prepare('INSERT OR IGNORE INTO run_claims (key, owner, expires_at) VALUES (?, ?, ?)').run(key, owner, now + ttlMs).changes === 1;
      }).immediate();
    },

    async claimOnce(key: string, now: number, ttlMs: number): Promise<boolean> {
      return db.transaction(() => {
        db.prepare('DELETE FROM once_keys WHERE expires_at <= ?').run(now);
        return db.prepare('INSERT OR IGNORE INTO once_keys (key, expires_at) VALUES (?, ?)').run(key, now + ttlMs).changes === 1;
      }).immediate();
    },

    async releaseOnce(key: string): Promise<void> {
      db.prepare('DELETE FROM once_keys WHERE key = ?').run(key);
    },

    async acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
      const taken = db
        .prepare(
          `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
           WHERE leases.owner = excluded.owner OR leases.expires_at <= ?`,
        )
        .run(name, owner, now + ttlMs, now);
      return taken.changes === 1;
    },

    async releaseLease(name: string, owner: string): Promise<void> {
      db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
    },

    async getLease(name: string): Promise<Lease | undefined> {
      const row = db.prepare('SELECT name, owner, expires_at FROM leases WHERE name = ?').get(name);
      return row === undefined ? undefined : toLease(row);
    },
  };
}
