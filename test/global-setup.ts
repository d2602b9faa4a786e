import type { TestProject } from 'vitest/node';
import { startPostgres } from './helpers/embedded-postgres.js';

// One PostgreSQL server for the whole run (about a second to start), shared
// by every test that needs one; each test creates its own database on it.

declare module 'vitest' {
  export interface ProvidedContext {
    /** The maintenance database of the run's PostgreSQL, as a URL with its password. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url());
  return () => server.destroy();
}
