import type { Logger } from '../../ops/logger.js';
import type { Coordination, Lease } from '../store.js';
import { toLease } from '../table-rows.js';
import type { PgConnection } from './pg-connection.js';
import { reason } from './pg-errors.js';

// PostgreSQL's coordination roles: run claims, once-keys and leases, which
// every replica sharing the database agrees through.

export function pgCoordination(db: PgConnection, logger?: Logger): Coordination {
  /** When expired once-keys were last swept (claimOnce sweeps at most once a minute). */
  let lastPurge = 0;
  return {
    async claimRun(key: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
      // One key a minute: dropping the expired ones each time keeps the table at a row or two.
      await db.query('DELETE FROM run_claims WHERE expires_at <= $1', [now]);
      const rows = await db.query(
        `INSERT INTO run_claims (key, owner, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at WHERE run_claims.expires_at <= $4
         RETURNING key`,
        [key, owner, now + ttlMs, now],
      );
      return rows.length === 1;
    },

    async claimOnce(key: string, now: number, ttlMs: number): Promise<boolean> {
      // An expired key is taken over in the same statement; the others are swept at most once a minute.
      const rows = await db.query(
        `INSERT INTO once_keys (key, expires_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE once_keys.expires_at <= $3
         RETURNING key`,
        [key, now + ttlMs, now],
      );
      if (now - lastPurge >= 60_000) {
        lastPurge = now;
        await db.query('DELETE FROM once_keys WHERE expires_at <= $1', [now]).catch((err: unknown) => logger?.debug(`store: sweeping expired keys failed: ${reason(err)}`));
      }
      return rows.length === 1;
    },

    async releaseOnce(key: string): Promise<void> {
      await db.query('DELETE FROM once_keys WHERE key = $1', [key]);
    },

    async acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
         WHERE leases.owner = EXCLUDED.owner OR leases.expires_at <= $4
         RETURNING name`,
        [name, owner, now + ttlMs, now],
      );
      return rows.length === 1;
    },

    async releaseLease(name: string, owner: string): Promise<void> {
      await db.query('DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
    },

    async getLease(name: string): Promise<Lease | undefined> {
      const [row] = await db.query('SELECT name, owner, expires_at FROM leases WHERE name = $1', [name]);
      return row === undefined ? undefined : toLease(row);
    },
  };
}
