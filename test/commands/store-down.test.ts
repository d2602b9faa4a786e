import { afterEach, describe, expect, it } from 'vitest';
import { createPaperBot, STORE_UNAVAILABLE } from '../../src/commands/answer.js';
import { createLogger } from '../../src/ops/logger.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { sampleLibrary } from '../helpers/sample.js';

let server: TestPostgres | undefined;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  await server?.destroy();
});

describe('answering while the database is down', () => {
  it('keeps searching from memory, and says commands that need the store are temporarily unavailable', async () => {
    server = await startPostgres();
    store = await openPostgresStore(await server.createDatabase(), { startupWaitMs: 0, connectTimeoutMs: 2000 });
    const logs: string[] = [];
    const bot = createPaperBot(sampleLibrary(), { store, logger: createLogger({ level: 'warn', write: (l) => logs.push(l) }) });
    const manager = { channel: 'slack:C1', user: 'U1', canManageChannel: true };
    expect(await bot.answer('subscribe 08:00 UTC', manager)).toMatchObject({ kind: 'info' });
    await server.stop();

    expect(await bot.answer('sparse autoencoders', manager)).toMatchObject({ kind: 'results', total: 7 });
    for (const text of ['subscriptions', 'next', 'subscribe 09:00', 'unsubscribe']) {
      expect(await bot.answer(text, manager)).toEqual({ kind: 'error', message: STORE_UNAVAILABLE, notes: [] });
    }
    expect(STORE_UNAVAILABLE).toMatch(/temporarily unavailable.*Try again in a minute/);
    expect(logs.join('\n')).toMatch(/^warn: answering \/paper subscriptions in slack:C1: the store postgres:\/\/postgres@127\.0\.0\.1:\d+\/test_\w+ cannot be reached/m);
    expect(logs.join('\n')).not.toContain(new URL(server.url()).password);

    await server.start();
    expect(await bot.answer('subscriptions', manager)).toMatchObject({ kind: 'info', lines: ['Daily paper (1):', '• this channel: at 08:00 UTC, every day'] });
  });
});
