import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatAdapter, PostedPaper } from '../../src/adapter.js';
import { createPaperBot } from '../../src/commands/answer.js';
import { runDailyTick, type DailyJobDeps } from '../../src/posts/daily-job.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { StorageFault } from '../../src/store/storage-fault.js';
import type { Store } from '../../src/store/store.js';
import { NOW } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** An adapter that records posts; `fail` makes the next posts throw. */
function recordingAdapter(platform = 'slack') {
  const posts: { channel: string; title: string }[] = [];
  let fail: string | undefined;
  const adapter: ChatAdapter & { posts: typeof posts; failWith(e?: string): void } = {
    platform,
    posts,
    failWith: (e) => (fail = e),
    start: async () => undefined,
    stop: async () => undefined,
    postPaper: async (channel, paper): Promise<PostedPaper> => {
      if (fail) throw new Error(fail);
      posts.push({ channel, title: paper.title });
      return { channel, messageId: `m${posts.length}` };
    },
  };
  return adapter;
}

const A = 'We study a thing. It works well.';
function library(): PaperLibrary {
  const lib = new PaperLibrary();
  lib.addDigest(parseDigest(`Apr 20\n\nOld One\n\n${A}\n\nOld Two\n\n${A}\n`, { fileName: 'a.txt', now: NOW }));
  lib.addDigest(parseDigest(`Apr 21\n\nNew One\n\n${A}\n\nNew Two\n\n${A}\n`, { fileName: 'b.txt', now: NOW }));
  return lib;
}

async function setup(file = join(tmp(), 'paperbot.db'), lib = library()) {
  const store = openSqliteStore(file);
  stores.push(store);
  await store.upsertSubscription({ channel: 'slack:C1', time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], source: 'config' });
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
    for (let d = 22; d <= 27; d++) await runDailyTick(deps, at(`2026-04-${d}T10:00:00Z`));
    await runDailyTick(deps, at('2026-04-27T11:00:00Z'));
    expect(adapter.posts).toHaveLength(4);
    expect(logs.filter((l) => l.includes('nothing left to post to slack:C1'))).toHaveLength(2); // Apr 26 and Apr 27, once each
  });

  it('does not post again after a restart on the same day, and catches up after a restart later', async () => {
    const first = await setup();
    await runDailyTick(first.deps, at('2026-04-22T09:00:00Z'));
    await await first.store.close();
    stores.splice(stores.indexOf(first.store), 1);
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
    await runDailyTick(flakyDeps, at('2026-04-22T09:00:00Z'));
    await runDailyTick(flakyDeps, at('2026-04-22T09:30:00Z'));
    await runDailyTick(flakyDeps, at('2026-04-22T10:30:00Z'));
    expect(adapter.posts).toEqual([{ channel: 'C1', title: 'New One' }]);
    expect(await store.getPost('slack:C1', '2026-04-22')).toMatchObject({ status: 'sending', attempts: 1 });
    expect(logs.join('\n')).toContain(`daily: posted "New One" to slack:C1 for 2026-04-22, but could not record it (cannot record the daily post as sent in ${store.location}: the database is locked by another process (EBUSY)); it is not sent again`);
  });

  it('skips a channel whose adapter is not running, with one warning', async () => {
    const { deps, store, logs } = await setup();
    await store.upsertSubscription({ channel: 'discord:123456789012345678', time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], source: 'command' });
    await runDailyTick(deps, at('2026-04-22T09:00:00Z'));
    await runDailyTick(deps, at('2026-04-22T09:01:00Z'));
    expect(logs.filter((l) => l.includes('the discord adapter is not running'))).toHaveLength(1);
  });
});
