import { describe, expect, it } from 'vitest';
import type { Store, Subscription } from '../../src/store/store.js';

/**
 * The contract every Store implementation passes, run by each
 * implementation's test file. `open` gives a fresh, empty store each time.
 */
export function storeContract(name: string, open: () => Promise<Store>) {
  const sub = (channel: string, over: Partial<Subscription> = {}): Subscription => ({ channel, time: '09:00', timezone: 'UTC', days: [1, 2, 3, 4, 5], source: 'command', ...over });
  const claim = (store: Store, channel: string, localDay: string, paperId: string, now = 1_000) =>
    store.claimPost({ channel, localDay, paperId, now, maxAttempts: 3, retryAfterMs: 60_000 });

  describe(`${name}: the Store contract`, () => {
    it('adds, updates, lists and removes subscriptions', async () => {
      const store = await open();
      await store.upsertSubscription(sub('slack:C1'));
      await store.upsertSubscription(sub('discord:123456789012345678', { time: '07:30', timezone: 'Pacific/Auckland', days: [0, 6] }));
      await store.upsertSubscription(sub('slack:C1', { time: '10:15' }));
      expect((await store.listSubscriptions()).map((s) => [s.channel, s.time])).toEqual([
        ['discord:123456789012345678', '07:30'],
        ['slack:C1', '10:15'],
      ]);
      expect(await store.getSubscription('discord:123456789012345678')).toEqual(sub('discord:123456789012345678', { time: '07:30', timezone: 'Pacific/Auckland', days: [0, 6] }));
      expect(await store.getSubscription('slack:C404')).toBeUndefined();
      expect(await store.removeSubscription('slack:C1')).toBe(true);
      expect(await store.removeSubscription('slack:C1')).toBe(false);
      await expect(store.upsertSubscription(sub('slack:C1', { timezone: 'Mars/Olympus' }))).rejects.toThrow(/time zone/);
    });

    it('claims a channel day once, and never the same paper twice to a channel', async () => {
      const store = await open();
      expect(await claim(store, 'slack:C1', '2026-04-21', 'aaaaaaaaaaaa')).toBe(true);
      expect(await claim(store, 'slack:C1', '2026-04-21', 'bbbbbbbbbbbb')).toBe(false);
      await store.markSent('slack:C1', '2026-04-21', 'ts-1');
      expect(await store.getPost('slack:C1', '2026-04-21')).toMatchObject({ status: 'sent', messageId: 'ts-1', paperId: 'aaaaaaaaaaaa' });
      expect(await claim(store, 'slack:C1', '2026-04-22', 'aaaaaaaaaaaa')).toBe(false);
      expect(await claim(store, 'slack:C2', '2026-04-21', 'aaaaaaaaaaaa')).toBe(true);
      expect([...(await store.postedPaperIds('slack:C1'))]).toEqual(['aaaaaaaaaaaa']);
    });

    it('gives a contested claim to exactly one of many concurrent callers', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => claim(store, 'slack:C1', '2026-04-21', `aaaaaaaaaaa${i}`)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('retries a failed day a few times, spaced out', async () => {
      const store = await open();
      expect(await claim(store, 'slack:C1', '2026-04-21', 'aaaaaaaaaaaa', 0)).toBe(true);
      await store.markFailed('slack:C1', '2026-04-21', 'not_in_channel');
      expect((await store.postedPaperIds('slack:C1')).size).toBe(0);
      expect(await claim(store, 'slack:C1', '2026-04-21', 'aaaaaaaaaaaa', 30_000)).toBe(false); // too soon
      expect(await claim(store, 'slack:C1', '2026-04-21', 'aaaaaaaaaaaa', 60_000)).toBe(true);
      await store.markFailed('slack:C1', '2026-04-21', 'again');
      expect(await claim(store, 'slack:C1', '2026-04-21', 'aaaaaaaaaaaa', 120_000)).toBe(true);
      await store.markFailed('slack:C1', '2026-04-21', 'and again');
      expect(await claim(store, 'slack:C1', '2026-04-21', 'aaaaaaaaaaaa', 999_999)).toBe(false); // 3 attempts used
      expect(await store.getPost('slack:C1', '2026-04-21')).toMatchObject({ status: 'failed', attempts: 3, error: 'and again' });
    });

    it('gives each run key to one owner until its lease ends', async () => {
      const store = await open();
      expect(await store.claimRun('daily:2026-04-21T09:00', 'a', 1_000, 50_000)).toBe(true);
      expect(await store.claimRun('daily:2026-04-21T09:00', 'b', 2_000, 50_000)).toBe(false);
      expect(await store.claimRun('daily:2026-04-21T09:01', 'b', 2_000, 50_000)).toBe(true);
      expect(await store.claimRun('daily:2026-04-21T09:00', 'b', 60_000, 50_000)).toBe(true);
    });

    it('claims a key once until its time to live has passed, and frees it on release', async () => {
      const store = await open();
      expect(await store.claimOnce('slack:event:Ev1', 1_000, 60_000)).toBe(true);
      expect(await store.claimOnce('slack:event:Ev1', 2_000, 60_000)).toBe(false);
      expect(await store.claimOnce('slack:event:Ev2', 2_000, 60_000)).toBe(true);
      expect(await store.claimOnce('slack:event:Ev1', 61_000, 60_000)).toBe(true); // expired: claimable again
      expect(await store.claimOnce('slack:event:Ev1', 62_000, 60_000)).toBe(false);
      await store.releaseOnce('slack:event:Ev1');
      await store.releaseOnce('never-claimed');
      expect(await store.claimOnce('slack:event:Ev1', 63_000, 60_000)).toBe(true);
    });

    it('gives a contested key to exactly one of many concurrent callers', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 8 }, () => store.claimOnce('slack:abstract:C1:1.2:aaaaaaaaaaaa', 1_000, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('holds a lease for one owner, renews it, and hands it over when released or expired', async () => {
      const store = await open();
      expect(await store.getLease('gateway')).toBeUndefined();
      expect(await store.acquireLease('gateway', 'a', 1_000, 15_000)).toBe(true);
      expect(await store.acquireLease('gateway', 'b', 2_000, 15_000)).toBe(false);
      expect(await store.acquireLease('gateway', 'a', 10_000, 15_000)).toBe(true); // renewed until 25 000
      expect(await store.getLease('gateway')).toEqual({ name: 'gateway', owner: 'a', expiresAt: 25_000 });
      expect(await store.acquireLease('gateway', 'b', 24_999, 15_000)).toBe(false);
      expect(await store.acquireLease('other', 'b', 2_000, 15_000)).toBe(true); // leases are independent
      expect(await store.acquireLease('gateway', 'b', 25_000, 15_000)).toBe(true); // expired: b takes it
      expect(await store.acquireLease('gateway', 'a', 26_000, 15_000)).toBe(false);
      await store.releaseLease('gateway', 'a'); // not a's: nothing happens
      expect((await store.getLease('gateway'))?.owner).toBe('b');
      await store.releaseLease('gateway', 'b');
      expect(await store.getLease('gateway')).toBeUndefined();
      expect(await store.acquireLease('gateway', 'a', 27_000, 15_000)).toBe(true);
    });

    it('gives a free lease to exactly one of many concurrent owners', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.acquireLease('gateway', `owner-${i}`, 1_000, 15_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.getLease('gateway'))?.owner).toBe(`owner-${results.indexOf(true)}`);
    });

    it('answers a ping', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('keeps the newest digest with papers per file, and never replaces it with an empty one', async () => {
      const store = await open();
      const digest = (title: string) => ({ file: 'a.txt', sections: [{ date: '2026-04-21', line: 1, papers: title ? [{ title, abstract: 'x', rank: 1, line: 3 }] : [] }], problems: [] });
      await store.archiveDigest(digest('First'), 1);
      await store.archiveDigest(digest('Second'), 2);
      await store.archiveDigest({ file: 'a.txt', sections: [], problems: [{ level: 'error', file: 'a.txt', message: 'empty' }] }, 3);
      await store.archiveDigest(digest(''), 4);
      expect(await store.archivedFiles()).toEqual(['a.txt']);
      expect((await store.archivedDigests(['a.txt', 'missing.txt'])).map((d) => d.sections[0]!.papers[0]!.title)).toEqual(['Second']);
    });

    it('closes twice without an error', async () => {
      const store = await open();
      await store.close();
      await store.close();
    });
  });
}
