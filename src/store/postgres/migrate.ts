import type pg from 'pg';
import { PG_MIGRATIONS } from './migrations.js';

/** The advisory lock every paperbot takes to migrate: one at a time per database ("pape" in ASCII). */
export const MIGRATION_LOCK = 0x70617065;

/** A database whose schema is newer than this paperbot: refused, never downgraded or guessed at. */
export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`its schema version ${found} is newer than this paperbot knows (${known}); upgrade paperbot, or point DATABASE_URL at another database`);
    this.name = 'NewerSchemaError';
  }
}

/**
 * Applies the pending migrations in one transaction, under a transaction-level
 * advisory lock: replicas that start together queue on the lock, and each one
 * reads the version only once it holds it, so every migration runs once. DDL
 * is transactional in PostgreSQL, so a failed step leaves the schema as it was.
 * Resolves with the versions before and after.
 */
export async function migrate(pool: pg.Pool, migrations: readonly string[] = PG_MIGRATIONS): Promise<{ from: number; to: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS paperbot_migrations (
      version INTEGER PRIMARY KEY,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM paperbot_migrations');
    const from = rows[0]?.version ?? 0;
    if (from > migrations.length) throw new NewerSchemaError(from, migrations.length);
    for (let v = from; v < migrations.length; v++) {
      await client.query(migrations[v]!);
      await client.query('INSERT INTO paperbot_migrations (version) VALUES ($1)', [v + 1]);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, migrations.length) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
