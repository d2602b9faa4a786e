import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../test/helpers/embedded-postgres.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { StoreLifecycle } from '../src/store/store.js';

// What one /readyz store check costs (StoreLifecycle.ping: a read, every table's write lock, one committed
// heartbeat upsert), on SQLite and on a local PostgreSQL: median and p99 of 500 pings.
// Run: npx tsx bench/readyz-cost.ts

async function measure(name: string, store: StoreLifecycle): Promise<void> {
  for (let i = 0; i < 20; i++) await store.ping();
  const ms: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    await store.ping();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${name}: ping median ${ms[250]!.toFixed(2)} ms, p99 ${ms[495]!.toFixed(2)} ms (500 pings)`);
}

const dir = mkdtempSync(join(tmpdir(), 'paperbot-readyz-'));
const server = await startPostgres();
try {
  const sqlite = openSqliteStore(join(dir, 'paperbot.db'));
  await measure('SQLite', sqlite);
  await sqlite.close();
  const pgStore = await openPostgresStore(await server.createDatabase(), { startupWaitMs: 0 });
  await measure('PostgreSQL (local)', pgStore);
  await pgStore.close();
} finally {
  await server.destroy();
  rmSync(dir, { recursive: true, force: true });
}
