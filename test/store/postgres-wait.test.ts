import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { StoreError, type Store } from '../../src/store/store.js';
import { freePort, freshDatabase } from '../helpers/postgres.js';

// A replica that starts before its database waits for it: one line when the
// waiting starts, one when it ends (the database answers) or gives up, never
// a line per attempt (7 identical lines in 30 s before).

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }) };
}

/** Listens on `port` and forwards every connection to PostgreSQL at `target`: the database "coming up". */
async function forward(port: number, target: number): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanup.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return server;
}

describe('PostgreSQL store: waiting for the database at start', () => {
  it('says once that it waits, and once that it gives up, for a database that never comes', { timeout: 30_000 }, async () => {
    const { lines, logger } = capture();
    const url = `postgres://paperbot:secret-pw-31@127.0.0.1:${await freePort()}/paperbot`;
    // Long enough for several attempts a second apart (the old code said so at the 1st and every 5th).
    const refused = openPostgresStore(url, { logger, startupWaitMs: 6_500 });
    await expect(refused).rejects.toThrow(StoreError);
    await expect(refused).rejects.toThrow(/cannot open the paperbot database postgres:\/\/paperbot@127\.0\.0\.1:\d+\/paperbot: it cannot be reached \(.*ECONNREFUSED.*\), after waiting 7 s/);
    const waiting = lines.filter((l) => l.includes('waiting for the database'));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatch(/^warn: store: waiting for the database postgres:\/\/paperbot@127\.0\.0\.1:\d+\/paperbot \(.*ECONNREFUSED.*\); trying again every second for up to 7 s$/);
    // Each attempt after the first is a debug line only.
    expect(lines.filter((l) => !l.startsWith('debug:'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('debug: store: the database')).length).toBeGreaterThanOrEqual(3);
    expect(lines.join('\n')).not.toContain('secret-pw-31');
  });

  it('says once that it waits, and once that the database answers, for one that comes up meanwhile', { timeout: 45_000 }, async () => {
    const { lines, logger } = capture();
    const real = new URL(await freshDatabase());
    const port = await freePort();
    const url = new URL(real);
    url.port = String(port);
    const opening = openPostgresStore(url.toString(), { logger, startupWaitMs: 30_000 });
    // Comes up once the store has been refused a few times.
    await until(() => lines.some((l) => l.includes('waiting for the database')));
    await new Promise((r) => setTimeout(r, 5_500));
    await forward(port, Number(real.port));
    const store: Store = await opening;
    cleanup.push(() => store.close());
    await store.ping();
    expect(lines.filter((l) => l.includes('waiting for the database'))).toHaveLength(1);
    const answered = lines.filter((l) => l.includes('answers'));
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatch(/^store: the database postgres:\/\/postgres@127\.0\.0\.1:\d+\/test_\w+ answers, after \d+ s of waiting$/);
  });
});

async function until(ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
