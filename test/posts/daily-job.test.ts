import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { createDailyJob, runDailyTick, type DailyJobDeps } from '../../src/posts/daily-job.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import { StorageFault } from '../../src/store/storage-fault.js';
import { StoreUnavailableError, type Store } from '../../src/store/store.js';
import { NOW } from '../helpers/sample.js';
import type { ChatAdapter, PostedPaper } from '../../src/adapter.js';
import { recordingAdapter } from '../helpers/recording-adapter.js';
import { until } from '../helpers/loopback.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

const A = 'We study a thing. It works well.';
function library(): PaperLibrary {
  const lib = new PaperLibrary();
  lib.addDigest(parseDigest(`Apr 20\n\nOld One\n\n${A}\n\nOld Two\n\n${A}\n`, { fileName: 'a.txt', now: NOW }));
  lib.addDigest(parseDigest(`Apr 21\n\nNew One\n\n${A}\n\nNew Two\n\n${A}\n`, { fileName: 'b.txt', now: NOW }));
  return lib;
}

async function setup(file = join(tmp(), 'paperbot.db'), lib = library()) {
  const store = openStore(file);
  await store.upsertSubscription({ channel: 'slack:C1', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], source: 'config' });
  const adapter = recordingAdapter();
  const logs: string[] = [];
  const deps: DailyJobDeps = { store, library: lib, bot: createPaperBot(lib), adapters: new Map([['slack', adapter]]), logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }) };
  return { store, adapter, logs, deps, file };
}

const at = (iso: string) => new Date(iso);

describe('the daily job', () => {
  it('posts the newest digest top paper once a local day, then the next ones, then the older digest', async () => {
    const { deps, adapter } = await setup();
    await runDailyTick(deps, at('2026-04-22T09:00:00Z'));
    await runDailyTick(deps, at('2026-04-22T09:01:00Z'));
    await runDailyTick(deps, at('2026-04-22T23:59:00Z'));
    expect(adapter.posts).toEqual([{ channel: 'C1', title: 'New One' }]);
    await runDailyTick(deps, at('2026-04-23T09:00:00Z'));
    await runDailyTick(deps, at('2026-04-24T09:00:00Z'));
    await runDailyTick(deps, at('2026-04-25T09:00:00Z'));
    expect(adapter.posts.map((p) => p.title)).toEqual(['New One', 'New Two', 'Old One', 'Old Two']);
  });

  it('posts nothing when every paper was sent, and says so once', async () => {
    const { deps, adapter, logs } = await setup();
    const job = createDailyJob(deps);
    for (let d = 22; d <= 27; d++) await job.tick(at(`2026-04-${d}T10:00:00Z`));
    await job.tick(at('2026-04-27T11:00:00Z'));
    expect(adapter.posts).toHaveLength(4);
    expect(logs.filter((l) => l.includes('nothing left to post to slack:C1'))).toHaveLength(2); // Apr 26 and Apr 27, once each
  });

  it('does not post again after a restart on the same day, and catches up after a restart later', async () => {
    const first = await setup();
    await runDailyTick(first.deps, at('2026-04-22T09:00:00Z'));
    await first.store.close();
    const second = await setup(first.file);
    await runDailyTick(second.deps, at('2026-04-22T12:00:00Z'));
    expect(second.adapter.posts).toEqual([]);
    // Down through 09:00 on Apr 23, up at 14:00: it posts then.
    await runDailyTick(second.deps, at('2026-04-23T14:00:00Z'));
    expect(second.adapter.posts).toEqual([{ channel: 'C1', title: 'New Two' }]);
  });

  it('treats a process that died between sending and recording as sent (at most once), with a warning', async () => {
    const { deps, adapter, store, logs } = await setup();
    // The claim is made, the send happened, the process died before markSent.
    expect(await store.claimPost({ channel: 'slack:C1', localDay: '2026-04-22', paperId: library().papersOn('2026-04-21')[0]!.paper.id, now: at('2026-04-22T09:00:00Z').getTime(), maxAttempts: 3, retryAfterMs: 1 })).toBe(true);
    await runDailyTick(deps, at('2026-04-22T09:30:00Z'));
    expect(adapter.posts).toEqual([]);
    expect(logs.join('\n')).toContain('the post to slack:C1 for 2026-04-22 was interrupted while sending; it may or may not have arrived, and is not sent again');
    // The next day goes on with the next paper: the interrupted one is never repeated.
    await runDailyTick(deps, at('2026-04-23T09:00:00Z'));
    expect(adapter.posts).toEqual([{ channel: 'C1', title: 'New Two' }]);
  });

  it('retries a failed delivery later that day, at most three times, without skipping the paper', async () => {
    const { deps, adapter, store } = await setup();
    adapter.failWith('not_in_channel');
    await runDailyTick(deps, at('2026-04-22T09:00:00Z'));
    await runDailyTick(deps, at('2026-04-22T09:01:00Z')); // too soon to retry
    expect(await store.getPost('slack:C1', '2026-04-22')).toMatchObject({ status: 'failed', attempts: 1, error: 'not_in_channel' });
    adapter.failWith(undefined);
    await runDailyTick(deps, at('2026-04-22T09:20:00Z'));
    expect(adapter.posts).toEqual([{ channel: 'C1', title: 'New One' }]);
    expect(await store.getPost('slack:C1', '2026-04-22')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('never sends twice when the store fails right after a send, and records the send once it answers again', async () => {
    const { deps, adapter, store, logs } = await setup();
    // The database drops out between the send and its record (a restart, a failover).
    let down = true;
    const flaky = { ...deps, store: withFailing(store, 'markSent', () => down) };
    const job = createDailyJob(flaky);
    await job.tick(at('2026-04-22T09:00:00Z'));
    expect(adapter.posts).toHaveLength(1);
    expect(logs.join('\n')).toMatch(/posted .* to slack:C1 but could not record it .*; recording it when the store answers again/);
    down = false;
    // Well past the retry delay of a failed delivery: a send taken for failed would go out again here.
    await job.tick(at('2026-04-22T09:30:00Z'));
    expect(adapter.posts).toHaveLength(1);
    expect(await store.getPost('slack:C1', '2026-04-22')).toMatchObject({ status: 'sent', messageId: 'm1', attempts: 1 });
  });

  it('records a send whose record failed once the store is back, across the running job\'s ticks, and never calls it interrupted', async () => {
    const { deps, adapter, store, logs } = await setup();
    const flaky = failingMarkSentOnce(store);
    // As main.ts drives it: one job for the process, ticked every minute.
    const job = createDailyJob({ ...deps, store: flaky });
    const tick = (now: Date) => job.tick(now);
    await tick(at('2026-04-22T09:00:00Z'));
    for (let m = 1; m <= 20; m++) await tick(new Date(at('2026-04-22T09:00:00Z').getTime() + m * 60_000));
    expect(adapter.posts).toHaveLength(1);
    expect(await store.getPost('slack:C1', '2026-04-22')).toMatchObject({ status: 'sent', messageId: 'm1', attempts: 1 });
    expect(logs.filter((l) => l.includes('interrupted'))).toEqual([]);
  });

  it('records it from the replica that sent it while another replica runs the minutes', async () => {
    const { deps, adapter, store, logs } = await setup();
    const flaky = failingMarkSentOnce(store);
    const sender = createDailyJob({ ...deps, store: flaky });
    const other = createDailyJob(deps);
    await sender.tick(at('2026-04-22T09:00:00Z'));
    // The scheduler flushes on every replica every minute; the other replica wins each minute's run.
    for (let m = 1; m <= 20; m++) {
      await sender.flush();
      await other.tick(new Date(at('2026-04-22T09:00:00Z').getTime() + m * 60_000));
    }
    expect(adapter.posts).toHaveLength(1);
    expect(await store.getPost('slack:C1', '2026-04-22')).toMatchObject({ status: 'sent', messageId: 'm1' });
    expect(logs.filter((l) => l.includes('interrupted'))).toEqual([]);
  });

  it('records a failed delivery once the store answers again, so it is retried as usual', async () => {
    const { deps, adapter, store } = await setup();
    let down = true;
    const flaky = { ...deps, store: withFailing(store, 'markFailed', () => down) };
    const job = createDailyJob(flaky);
    adapter.failWith('rate_limited');
    await job.tick(at('2026-04-22T09:00:00Z'));
    expect(await store.getPost('slack:C1', '2026-04-22')).toMatchObject({ status: 'sending' });
    down = false;
    adapter.failWith(undefined);
    await job.tick(at('2026-04-22T09:01:00Z'));
    expect(await store.getPost('slack:C1', '2026-04-22')).toMatchObject({ status: 'failed', error: 'rate_limited' });
    await job.tick(at('2026-04-22T09:20:00Z'));
    expect(adapter.posts).toEqual([{ channel: 'C1', title: 'New One' }]);
  });

  it('never re-sends a post that went out when recording it fails (a busy or full store), and says so', async () => {
    const { deps, adapter, store, logs } = await setup();
    const fault = new StorageFault('EBUSY', store.location, 'record the daily post as sent', true);
    // The real store, except that recording a send fails once, as a locked or full database does.
    let failNext = true;
    const flaky = new Proxy(store, {
      get(target, key) {
        if (key === 'markSent' && failNext) {
          failNext = false;
          return () => Promise.reject(fault);
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const flakyDeps = { ...deps, store: flaky };
    const job = createDailyJob(flakyDeps);
    await job.tick(at('2026-04-22T09:00:00Z'));
    await job.tick(at('2026-04-22T09:30:00Z'));
    await job.tick(at('2026-04-22T10:30:00Z'));
    expect(adapter.posts).toEqual([{ channel: 'C1', title: 'New One' }]);
    // Recorded at the next tick, once the store answers: sent, one attempt, never re-sent.
    expect(await store.getPost('slack:C1', '2026-04-22')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(logs.join('\n')).toContain(`daily: posted "New One" to slack:C1 but could not record it (cannot record the daily post as sent in ${store.location}: the database is locked by another process (EBUSY)); recording it when the store answers again`);
  });

  it('skips a channel whose adapter is not running, with one warning', async () => {
    const { deps, store, logs } = await setup();
    const job = createDailyJob(deps);
    await store.upsertSubscription({ channel: 'discord:123456789012345678', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], source: 'command' });
    await job.tick(at('2026-04-22T09:00:00Z'));
    await job.tick(at('2026-04-22T09:01:00Z'));
    expect(logs.filter((l) => l.includes('the discord adapter is not running'))).toHaveLength(1);
  });

  it('at shutdown, starts no new post, and gives up the one in flight as failed, to be retried later', async () => {
    const { deps, store, logs } = await setup();
    await store.upsertSubscription({ channel: 'discord:123456789012345678', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], source: 'command' });
    const stop = new AbortController();
    const abandon = new AbortController();
    const started: string[] = [];
    // A platform retrying for minutes: the post never settles by itself.
    const hanging = (platform: string): ChatAdapter => ({
      platform,
      start: async () => undefined,
      stop: async () => undefined,
      postPaper: (channel) => (started.push(channel), new Promise<PostedPaper>(() => undefined)),
      post: () => new Promise<PostedPaper>(() => undefined),
    });
    const sending = new Set<string>();
    const tick = runDailyTick(
      { ...deps, adapters: new Map([['slack', hanging('slack')], ['discord', hanging('discord')]]), signals: { stop: stop.signal, abandon: abandon.signal }, sending },
      at('2026-04-22T09:00:00Z'),
    );
    await until(() => sending.size === 1, 2000, 'the first post to be under way');
    const [inFlight] = [...sending];
    stop.abort();
    abandon.abort();
    const report = await tick;
    expect(started).toHaveLength(1); // the second channel's post was never started
    expect(report.failed).toEqual([{ channel: inFlight!.split(' ')[0], error: expect.stringMatching(/abandoned: paperbot is shutting down/) }]);
    expect(await store.getPost(inFlight!.split(' ')[0]!, '2026-04-22')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(logs.join('\n')).toContain(`daily: gave up the post to ${inFlight} at shutdown; recorded as failed`);
    expect(sending.size).toBe(0);
    // The next tick after the retry delay (a restarted bot) sends it.
    const adapter = recordingAdapter();
    await runDailyTick({ ...deps, adapters: new Map([['slack', adapter], ['discord', recordingAdapter('discord')]]) }, at('2026-04-22T09:20:00Z'));
    expect(await store.getPost(inFlight!.split(' ')[0]!, '2026-04-22')).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

/** The store, with one method failing as an unreachable database does while `down()` holds. */
function withFailing(store: Store, method: 'markSent' | 'markFailed', down: () => boolean): Store {
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (key === method) {
        return async (...args: unknown[]) => {
          if (down()) throw new StoreUnavailableError('test-store', { cause: new Error('connect ECONNREFUSED') });
          return (value as (...a: unknown[]) => Promise<void>).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The store, except that its first `markSent` fails as an unreachable database would. */
function failingMarkSentOnce<T extends object>(store: T): T {
  let failNext = true;
  return new Proxy(store, {
    get(target, key) {
      if (key === 'markSent' && failNext) {
        failNext = false;
        return () => Promise.reject(new StoreUnavailableError('test-store', { cause: new Error('connect ECONNREFUSED') }));
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
