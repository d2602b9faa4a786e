import { inject } from 'vitest';
import { createDatabase } from './embedded-postgres.js';

// PostgreSQL in tests: one server runs for the whole test run
// (test/global-setup.ts) and every test takes a fresh database on it; tests
// that stop and restart PostgreSQL start a server of their own.

export { freePort, startPostgres, type TestPostgres } from './embedded-postgres.js';

/** A fresh, empty database on the run's shared server (see test/global-setup.ts). */
export function freshDatabase(): Promise<string> {
  return createDatabase(inject('postgresUrl'));
}
