import { join } from 'node:path';
import { afterEach } from 'vitest';
import { DB_FILE, openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

/**
 * Opens SQLite stores for a test (in a folder of `tmp` unless given a file)
 * and closes them after it, before `tmp`'s folders are removed when `tmp`
 * came first. A test may close one itself: closing twice is harmless.
 */
export function useSqliteStores(tmp: () => string): (file?: string) => ReturnType<typeof openSqliteStore> {
  const open: ReturnType<typeof openSqliteStore>[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  return (file = join(tmp(), DB_FILE)) => {
    const store = openSqliteStore(file);
    open.push(store);
    return store;
  };
}
