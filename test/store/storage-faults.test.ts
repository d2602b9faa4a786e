import { spawnSync } from 'node:child_process';
import { chmodSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { createLogger } from '../../src/ops/logger.js';
import { StorageFault } from '../../src/store/storage-fault.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { StoreError } from '../../src/store/store.js';
import { sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { CAN_MOUNT, CAN_SWITCH_USER, useTmpfs } from '../helpers/tmpfs.js';

// A full or read-only data folder, on real file systems: a tmpfs that fills up,
// one mounted read-only, and a folder this user may not write.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = useTmpDir();
const tmpfs = useTmpfs();
const openStore = useSqliteStores(tmp);
const manager = { channel: 'slack:C1', user: 'U1', canManageChannel: true };

/** Fills the file system holding `dir` until a write fails. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (let i = 0; i < 1_000_000; i++) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!CAN_MOUNT)('a full or read-only data folder (tmpfs; needs root)', () => {
  it('at start, names the read-only folder and EROFS instead of calling the database corrupt', () => {
    const dir = tmpfs('64k', { readOnly: true });
    const file = join(dir, 'paperbot.db');
    expect(() => openSqliteStore(file)).toThrow(StoreError);
    try {
      openSqliteStore(file);
    } catch (err) {
      expect((err as Error).message).toBe(
        `cannot create the paperbot database ${file}: the file system is read-only (EROFS) in ${dir}. paperbot keeps its data there; make ${dir} writable for this user, or set DATA_DIR to a folder that is.`,
      );
      expect((err as Error).message).not.toMatch(/backup|corrupt/);
    }
  });

  it('at run time, a full disk fails the write with its path and ENOSPC, logged once with context, and search still works', async () => {
    const dir = tmpfs('512k');
    const file = join(dir, 'paperbot.db');
    const store = openStore(file);
    fill(dir);
    await expect(store.upsertSubscription({ channel: 'slack:C1', cadence: 'daily', time: '08:00', timezone: 'UTC', days: [1], source: 'command' })).rejects.toMatchObject({
      name: 'StorageFault',
      code: 'ENOSPC',
      location: file,
      message: `cannot save the subscription in ${file}: the disk is full (ENOSPC)`,
    });

    const lines: string[] = [];
    const bot = createPaperBot(sampleLibrary(), { store, logger: createLogger({ level: 'info', format: 'json', write: (l) => lines.push(l) }) });
    const reply = await bot.answer('subscribe 08:00', manager);
    expect(reply).toMatchObject({ kind: 'error', message: expect.stringMatching(/^I could not save that: .*disk is full, ENOSPC\)\. Searching still works/) });
    expect(JSON.stringify(reply)).not.toMatch(/went wrong|SqliteError/);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      msg: `answering /paper subscribe in slack:C1: cannot save the subscription in ${file}: the disk is full (ENOSPC)`,
      command: 'subscribe',
      channel: 'slack:C1',
      user: 'U1',
      err: { type: 'StorageFault', code: 'ENOSPC', location: file, message: expect.stringContaining('database or disk is full') },
    });
    // Only writes fail: search, and reading the subscriptions, still answer.
    expect(await bot.answer('sparse autoencoders', manager)).toMatchObject({ kind: 'results' });
    expect(await bot.answer('subscriptions', manager)).toMatchObject({ kind: 'info' });
  });
});

describe.skipIf(!CAN_SWITCH_USER)('a data folder this user may not write (a child process as nobody; needs root)', () => {
  it('stops at start naming the folder and EACCES, not a corrupt database', () => {
    const dir = tmp();
    chmodSync(dir, 0o555);
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      input: '',
      encoding: 'utf8',
      timeout: 30_000,
      uid: 65534,
      gid: 65534,
      env: { PATH: process.env.PATH, HOME: dir, DATA_DIR: dir },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`paperbot: cannot create the paperbot database ${join(dir, 'paperbot.db')}: permission denied (EACCES) in ${dir}.`);
    expect(result.stderr).not.toMatch(/backup|corrupt|\n\s+at /);
  });
});

it('is a typed error the core can tell from a bug', () => {
  const fault = new StorageFault('EROFS', '/data/paperbot.db', 'save the subscription', true);
  expect(fault).toBeInstanceOf(Error);
  expect(fault.message).toBe('cannot save the subscription in /data/paperbot.db: the file system is read-only (EROFS)');
  expect(fault.userMessage).not.toContain('/data');
});
