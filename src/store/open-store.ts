import { join } from 'node:path';
import type { Logger } from '../ops/logger.js';
import { DB_FILE, openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store the configuration names: PostgreSQL when `databaseUrl`
 * (DATABASE_URL) is set, which every replica shares; otherwise the embedded
 * SQLite file in `dataDir`, for one host.
 */
export async function openStore(opts: { databaseUrl?: string; dataDir: string; logger?: Logger }): Promise<Store> {
  if (opts.databaseUrl !== undefined) {
    // Imported only when used, as Bolt and discord.js are: pg and its modules cost every SQLite start time and memory.
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore(opts.databaseUrl, { logger: opts.logger });
  }
  return openSqliteStore(join(opts.dataDir, DB_FILE));
}
