import type pg from 'pg';
import { StoreUnavailableError } from '../store.js';
import { isUnavailable } from './pg-errors.js';

// The pool as every role of the PostgreSQL store uses it: one statement, or
// one transaction, with an unreachable database turned into
// StoreUnavailableError (callers answer "try again in a minute").

/** How the PostgreSQL store's roles reach the database. */
export interface PgConnection {
  /** The database, without its password, for messages. */
  readonly location: string;
  /** One statement on any pooled connection; an unreachable database becomes StoreUnavailableError. */
  query(text: string, values?: unknown[]): Promise<unknown[]>;
  /** Runs `work` in one transaction on one connection; rolls back on any error. */
  transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T>;
}

export function pgConnection(pool: pg.Pool, location: string): PgConnection {
  const wrap = (err: unknown): unknown => (isUnavailable(err) ? new StoreUnavailableError(location, { cause: err }) : err);
  return {
    location,

    async query(text: string, values?: unknown[]): Promise<unknown[]> {
      try {
        return (await pool.query(text, values)).rows as unknown[];
      } catch (err) {
        throw wrap(err);
      }
    },

    async transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw wrap(err);
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (isUnavailable(err)) broken = err as Error;
        else await client.query('ROLLBACK').catch(() => undefined);
        throw wrap(err);
      } finally {
        // A connection that failed mid-transaction is discarded, not handed to the next caller.
        client.release(broken);
      }
    },
  };
}
