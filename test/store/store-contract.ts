import { describe, expect, it } from 'vitest';
import type { Coordination, DigestArchiveStore, FollowStore, WatchSeen, WatchStore, LiveDayStore, PostLedger, RecapLedger, SignalStore, Store, StoreLifecycle, Subscription, SubscriptionStore } from '../../src/store/store.js';

/** Opens a fresh, empty store (or one role of it) each time. */
type Open<Role> = () => Promise<Role>;

/**
 * The contract every Store implementation passes, run by each
 * implementation's test file: one block per role. Each role's block sees only
 * that role (its `open` is typed on it), so the roles' boundaries are checked
 * too, and an implementation of a single role can run its block alone.
 */
export function storeContract(name: string, open: Open<Store>) {
  describe(`${name}: the Store contract`, () => {
    subscriptionContract(open);
    postLedgerContract(open);
    recapLedgerContract(open);
    followContract(open);
    watchContract(open);
    signalContract(open);
    digestArchiveContract(open);
    liveDayContract(open);
    coordinationContract(open);
    lifecycleContract(open);
  });
}

const sub = (channel: string, over: Partial<Subscription> = {}): Subscription => ({ channel, cadence: 'daily', time: '09:00', timezone: 'UTC', days: [1, 2, 3, 4, 5], source: 'command', ...over });

export function subscriptionContract(open: Open<SubscriptionStore>) {
  describe('subscriptions', () => {
    it('adds, updates, lists and removes subscriptions', async () => {
      const store = await open();
      await store.upsertSubscription(sub('slack:C1'));
      await store.upsertSubscription(sub('discord:123456789012345678', { time: '07:30', timezone: 'Pacific/Auckland', days: [0, 6] }));
      await store.upsertSubscription(sub('slack:C1', { time: '10:15' }));
      expect((await store.listSubscriptions()).map((s) => [s.channel, s.time])).toEqual([
        ['discord:123456789012345678', '07:30'],
        ['slack:C1', '10:15'],
      ]);
      expect(await store.getSubscription('discord:123456789012345678', 'daily')).toEqual(sub('discord:123456789012345678', { time: '07:30', timezone: 'Pacific/Auckland', days: [0, 6] }));
      expect(await store.getSubscription('slack:C404', 'daily')).toBeUndefined();
      expect(await store.removeSubscription('slack:C1', 'daily')).toBe(true);
      expect(await store.removeSubscription('slack:C1', 'daily')).toBe(false);
      await expect(store.upsertSubscription(sub('slack:C1', { timezone: 'Mars/Olympus' }))).rejects.toThrow(/time zone/);
    });

    it('keeps a daily and a weekly subscription per channel apart', async () => {
      const store = await open();
      await store.upsertSubscription(sub('slack:C1'));
      await store.upsertSubscription(sub('slack:C1', { cadence: 'weekly', days: [5], time: '16:00' }));
      expect((await store.listSubscriptions()).map((s) => [s.channel, s.cadence, s.time])).toEqual([
        ['slack:C1', 'daily', '09:00'],
        ['slack:C1', 'weekly', '16:00'],
      ]);
      expect(await store.removeSubscription('slack:C1', 'weekly')).toBe(true);
      expect(await store.getSubscription('slack:C1', 'weekly')).toBeUndefined();
      expect(await store.getSubscription('slack:C1', 'daily')).toMatchObject({ time: '09:00' });
    });
  });
}

export function postLedgerContract(open: Open<PostLedger>) {
  const claim = (store: PostLedger, channel: string, localDay: string, paperId: string, now = 1_000) =>
    store.claimPost({ channel, localDay, paperId, now, maxAttempts: 3, retryAfterMs: 60_000 });

  describe('the daily post ledger', () => {
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
  });
}

export function recapLedgerContract(open: Open<RecapLedger>) {
  describe('the weekly recap ledger', () => {
    it('claims a weekly recap once per channel and week, and retries a failed one a few times', async () => {
      const store = await open();
      const policy = (now: number) => ({ now, maxAttempts: 2, retryAfterMs: 60_000 });
      expect(await store.claimRecap({ channel: 'slack:C1', week: '2026-W48', ...policy(0) })).toBe(true);
      expect(await store.claimRecap({ channel: 'slack:C1', week: '2026-W48', ...policy(0) })).toBe(false);
      await store.markRecapFailed('slack:C1', '2026-W48', 'boom');
      expect(await store.claimRecap({ channel: 'slack:C1', week: '2026-W48', ...policy(30_000) })).toBe(false);
      expect(await store.claimRecap({ channel: 'slack:C1', week: '2026-W48', ...policy(60_000) })).toBe(true);
      await store.markRecapSent('slack:C1', '2026-W48', 'ts-9');
      expect(await store.getRecap('slack:C1', '2026-W48')).toMatchObject({ status: 'sent', attempts: 2, messageId: 'ts-9' });
      expect(await store.claimRecap({ channel: 'slack:C1', week: '2026-W49', ...policy(0) })).toBe(true);
    });
  });
}

export function followContract(open: Open<FollowStore>) {
  describe('follows and their alerts', () => {
    it('adds, lists and removes follows per owner', async () => {
      const store = await open();
      const a = await store.addFollow({ owner: 'slack:C1', kind: 'channel', words: 'sparse autoencoders', createdAt: 1 }, []);
      const b = await store.addFollow({ owner: 'slack:U1', kind: 'person', words: 'diffusion', createdAt: 2 }, []);
      const c = await store.addFollow({ owner: 'slack:C1', kind: 'channel', words: 'mixture of experts', createdAt: 3 }, []);
      expect((await store.listFollows('slack:C1')).map((f) => f.words)).toEqual(['sparse autoencoders', 'mixture of experts']);
      expect((await store.listFollows()).map((f) => f.id)).toEqual([a.id, b.id, c.id]);
      expect(await store.removeFollow('slack:C2', a.id)).toBe(false); // not its owner's
      expect(await store.removeFollow('slack:C1', a.id)).toBe(true);
      expect(await store.removeAllFollows('slack:C1')).toBe(1);
      expect(await store.listFollows()).toEqual([b]);
    });

    it('alerts a paper to a follow once, never a baseline paper, and retries a failed alert a few times', async () => {
      const store = await open();
      const f = await store.addFollow({ owner: 'slack:C1', kind: 'channel', words: 'x', createdAt: 1 }, ['aaaaaaaaaaaa']);
      const policy = (now: number) => ({ now, maxAttempts: 2, retryAfterMs: 60_000 });
      expect(await store.claimAlerts(f.id, ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc'], policy(0))).toEqual(['bbbbbbbbbbbb', 'cccccccccccc']);
      expect(await store.claimAlerts(f.id, ['bbbbbbbbbbbb', 'cccccccccccc'], policy(0))).toEqual([]);
      await store.markAlertsSent(f.id, ['bbbbbbbbbbbb'], 'ts-1');
      await store.markAlertsFailed(f.id, ['cccccccccccc'], 'not_in_channel');
      expect(await store.retryableAlerts(policy(30_000))).toEqual([]);
      expect(await store.retryableAlerts(policy(60_000))).toEqual([{ followId: f.id, paperIds: ['cccccccccccc'] }]);
      expect(await store.claimAlerts(f.id, ['bbbbbbbbbbbb', 'cccccccccccc'], policy(60_000))).toEqual(['cccccccccccc']);
      await store.markAlertsFailed(f.id, ['cccccccccccc'], 'again');
      expect(await store.retryableAlerts(policy(999_999))).toEqual([]); // 2 attempts used
      // Concurrent claims of the same paper: exactly one wins.
      const wins = await Promise.all(Array.from({ length: 6 }, () => store.claimAlerts(f.id, ['dddddddddddd'], policy(0))));
      expect(wins.flat()).toEqual(['dddddddddddd']);
      // A removed follow claims nothing.
      await store.removeFollow('slack:C1', f.id);
      expect(await store.claimAlerts(f.id, ['eeeeeeeeeeee'], policy(0))).toEqual([]);
    });
  });
}

const unseen: WatchSeen = { githubRepo: null, projectPage: null, models: null, datasets: null, spaces: null, inDaily: true, upvoteMark: 0 };
const watchOf = (owner: string, paperId: string, over: { kind?: 'channel' | 'person'; createdAt?: number } = {}) => ({
  owner,
  kind: over.kind ?? ('channel' as const),
  paperId,
  arxivId: '2511.00001',
  title: `Paper ${paperId}`,
  createdAt: over.createdAt ?? 1,
  endsAt: 90 * 86_400_000,
  seen: unseen,
});

export function watchContract(open: Open<WatchStore>) {
  describe('watches and their alerts', () => {
    it('adds one watch per owner and paper, lists, records checks and removes them per owner', async () => {
      const store = await open();
      const a = await store.addWatch(watchOf('slack:C1', 'aaaaaaaaaaaa'));
      expect(a).toMatchObject({ created: true, watch: { owner: 'slack:C1', paperId: 'aaaaaaaaaaaa', checkedAt: null, seen: unseen } });
      // The same paper again: the watch there is, unchanged.
      expect(await store.addWatch({ ...watchOf('slack:C1', 'aaaaaaaaaaaa'), endsAt: 5 })).toEqual({ created: false, watch: a.watch });
      const b = await store.addWatch(watchOf('slack:U1', 'aaaaaaaaaaaa', { kind: 'person' }));
      const c = await store.addWatch(watchOf('slack:C1', 'bbbbbbbbbbbb'));
      expect((await store.listWatches('slack:C1')).map((w) => w.paperId)).toEqual(['aaaaaaaaaaaa', 'bbbbbbbbbbbb']);
      expect((await store.listWatches()).map((w) => w.id)).toEqual([a.watch.id, b.watch.id, c.watch.id]);
      const seen: WatchSeen = { ...unseen, githubRepo: 'https://github.com/a/b', models: 2, datasets: 0, spaces: 1, upvoteMark: 10 };
      await store.recordWatchCheck(c.watch.id, 1234, seen);
      expect((await store.listWatches('slack:C1'))[1]).toMatchObject({ checkedAt: 1234, seen });
      await expect(store.recordWatchCheck(c.watch.id, 1, { ...seen, models: -1 })).rejects.toThrow();
      expect(await store.removeWatch('slack:C2', a.watch.id)).toBe(false); // not its owner's
      expect(await store.removeWatch('slack:C1', a.watch.id)).toBe(true);
      expect(await store.removeAllWatches('slack:C1')).toBe(1);
      expect((await store.listWatches()).map((w) => w.id)).toEqual([b.watch.id]);
      // Concurrent adds of the same watch: one creates it.
      const adds = await Promise.all(Array.from({ length: 5 }, () => store.addWatch(watchOf('slack:C9', 'cccccccccccc'))));
      expect(adds.filter((x) => x.created)).toHaveLength(1);
      expect(new Set(adds.map((x) => x.watch.id)).size).toBe(1);
    });

    it('alerts each change of a watch once, retries a failed alert a few times, and nothing for a removed watch', async () => {
      const store = await open();
      const { watch } = await store.addWatch(watchOf('slack:C1', 'aaaaaaaaaaaa'));
      const claim = (key: string, now: number) => ({ watchId: watch.id, key, heading: `Watched paper: ${key}`, detail: 'org/model', now, maxAttempts: 2, retryAfterMs: 60_000 });
      const policy = (now: number) => ({ now, maxAttempts: 2, retryAfterMs: 60_000 });
      expect(await store.claimWatchAlert(claim('models:1', 0))).toBe(true);
      expect(await store.claimWatchAlert(claim('models:1', 0))).toBe(false);
      expect(await store.claimWatchAlert(claim('github', 0))).toBe(true);
      await store.markWatchAlertSent(watch.id, 'github', 'ts-1');
      await store.markWatchAlertFailed(watch.id, 'models:1', 'not_in_channel');
      expect(await store.retryableWatchAlerts(policy(30_000))).toEqual([]);
      expect(await store.retryableWatchAlerts(policy(60_000))).toEqual([
        { watchId: watch.id, key: 'models:1', heading: 'Watched paper: models:1', detail: 'org/model', status: 'failed', attempts: 1, claimedAt: 0, messageId: null, error: 'not_in_channel' },
      ]);
      expect(await store.claimWatchAlert(claim('github', 60_000))).toBe(false); // sent: never again
      expect(await store.claimWatchAlert(claim('models:1', 60_000))).toBe(true);
      await store.markWatchAlertFailed(watch.id, 'models:1', 'again');
      expect(await store.retryableWatchAlerts(policy(999_999))).toEqual([]); // 2 attempts used
      // Concurrent claims of the same change: exactly one wins.
      const wins = await Promise.all(Array.from({ length: 6 }, () => store.claimWatchAlert(claim('upvotes:50', 0))));
      expect(wins.filter(Boolean)).toHaveLength(1);
      // A removed watch claims nothing, and its alerts go with it.
      await store.removeWatch('slack:C1', watch.id);
      expect(await store.claimWatchAlert(claim('ended', 0))).toBe(false);
      expect(await store.retryableWatchAlerts(policy(999_999))).toEqual([]);
    });
  });
}

const P1 = 'aaaaaaaaaaaa';
const P2 = 'bbbbbbbbbbbb';
const P3 = 'cccccccccccc';

export function signalContract(open: Open<SignalStore & PostLedger>) {
  describe("the team's signal: saves, votes, for-you subscriptions", () => {
    it('keeps a reading list per person, newest first, a repeated save once', async () => {
      const store = await open();
      expect(await store.addSave({ person: 'slack:U1', team: 'slack:T1', paperId: P1, savedAt: 10 })).toBe(true);
      expect(await store.addSave({ person: 'slack:U1', team: 'slack:T1', paperId: P2, savedAt: 20 })).toBe(true);
      expect(await store.addSave({ person: 'slack:U1', team: 'slack:T1', paperId: P1, savedAt: 30 })).toBe(false);
      expect(await store.addSave({ person: 'slack:U2', team: 'slack:T1', paperId: P3, savedAt: 5 })).toBe(true);
      expect(await store.listSaves('slack:U1')).toEqual([
        { person: 'slack:U1', team: 'slack:T1', paperId: P2, savedAt: 20 },
        { person: 'slack:U1', team: 'slack:T1', paperId: P1, savedAt: 10 },
      ]);
      expect(await store.removeSave('slack:U1', P2)).toBe(true);
      expect(await store.removeSave('slack:U1', P2)).toBe(false);
      expect(await store.removeAllSaves('slack:U1')).toBe(1);
      expect(await store.listSaves('slack:U1')).toEqual([]);
      expect((await store.listSaves('slack:U2')).map((s) => s.paperId)).toEqual([P3]);
    });

    it('counts a reaction delivered twice once, and a person once per paper in the top', async () => {
      const store = await open();
      const vote = { person: 'discord:1', team: 'discord:G', paperId: P1, message: 'C/1', emoji: '👍', votedAt: 100 };
      const twice = await Promise.all([store.addVote(vote), store.addVote(vote)]);
      expect(twice.filter(Boolean)).toHaveLength(1);
      expect(await store.addVote({ ...vote, emoji: '⭐' })).toBe(true); // another emoji: the same person still counts once
      expect(await store.addVote({ ...vote, message: 'C/2', votedAt: 50 })).toBe(true);
      expect(await store.addVote({ ...vote, person: 'discord:2', votedAt: 200 })).toBe(true);
      expect(await store.addVote({ ...vote, person: 'discord:3', paperId: P2, votedAt: 300 })).toBe(true);
      expect(await store.addVote({ ...vote, person: 'discord:4', team: 'discord:OTHER', paperId: P3 })).toBe(true);
      await store.addSave({ person: 'discord:1', team: 'discord:G', paperId: P2, savedAt: 150 });
      expect(await store.teamTop('discord:G', 0, 10)).toEqual([
        { paperId: P1, count: 2 },
        { paperId: P2, count: 2 },
      ]);
      expect(await store.teamTop('discord:G', 250, 10)).toEqual([{ paperId: P2, count: 1 }]);
      expect(await store.teamTop('discord:G', 0, 1)).toEqual([{ paperId: P1, count: 2 }]);
      expect(await store.listVotedPapers('discord:1')).toEqual([{ paperId: P1, votedAt: 50 }]);
      // Taking reactions back removes them one by one.
      expect(await store.removeVote({ person: 'discord:2', paperId: P1, message: 'C/1', emoji: '👍' })).toBe(true);
      expect(await store.removeVote({ person: 'discord:2', paperId: P1, message: 'C/1', emoji: '👍' })).toBe(false);
      expect(await store.teamTop('discord:G', 0, 10)).toEqual([
        { paperId: P2, count: 2 },
        { paperId: P1, count: 1 },
      ]);
    });

    it('removes the votes on one message at once, or only those of one emoji (reactions cleared in bulk)', async () => {
      const store = await open();
      const vote = { person: 'discord:1', team: 'discord:G', paperId: P1, message: 'C/1', emoji: '👍', votedAt: 100 };
      await store.addVote(vote);
      await store.addVote({ ...vote, emoji: '👍🏽' }); // another reaction, as the platform names it
      await store.addVote({ ...vote, emoji: '⭐' });
      await store.addVote({ ...vote, person: 'discord:2' });
      await store.addVote({ ...vote, person: 'discord:2', message: 'C/2' });
      await store.addVote({ ...vote, person: 'discord:3', paperId: P2, message: 'C/2', emoji: '⭐' });
      // One emoji exactly: 👍🏽 is another reaction than 👍.
      expect(await store.removeMessageVotes('C/1', '👍')).toBe(2);
      expect(await store.removeMessageVotes('C/1', '👍')).toBe(0);
      expect(await store.teamTop('discord:G', 0, 10)).toEqual([
        { paperId: P1, count: 2 },
        { paperId: P2, count: 1 },
      ]);
      expect(await store.removeMessageVotes('C/1')).toBe(2);
      expect(await store.removeMessageVotes('C/1')).toBe(0);
      expect(await store.removeMessageVotes('C/9')).toBe(0);
      // The other message's votes stand.
      expect(await store.teamTop('discord:G', 0, 10)).toEqual([
        { paperId: P1, count: 1 },
        { paperId: P2, count: 1 },
      ]);
      expect(await store.listVotedPapers('discord:1')).toEqual([]);
    });

    it('keeps one for-you subscription per person and forgets a person entirely', async () => {
      const store = await open();
      expect(await store.hasSignals()).toBe(false);
      await store.upsertForYou({ person: 'slack:U1', time: '08:00', timezone: 'UTC', createdAt: 1 });
      await store.upsertForYou({ person: 'slack:U1', time: '09:30', timezone: 'Europe/Paris', createdAt: 2 });
      await store.upsertForYou({ person: 'slack:U2', time: '07:00', timezone: 'UTC', createdAt: 3 });
      expect(await store.getForYou('slack:U1')).toEqual({ person: 'slack:U1', time: '09:30', timezone: 'Europe/Paris', createdAt: 1 });
      expect((await store.listForYou()).map((s) => s.person)).toEqual(['slack:U1', 'slack:U2']);
      expect(await store.hasSignals()).toBe(false);
      await store.addSave({ person: 'slack:U1', team: 'slack:T1', paperId: P1, savedAt: 1 });
      expect(await store.hasSignals()).toBe(true);
      await store.addSave({ person: 'slack:U1', team: 'slack:T1', paperId: P2, savedAt: 2 });
      await store.addVote({ person: 'slack:U1', team: 'slack:T1', paperId: P3, message: 'm', emoji: 'star', votedAt: 3 });
      await store.addVote({ person: 'slack:U2', team: 'slack:T1', paperId: P3, message: 'm', emoji: 'star', votedAt: 3 });
      expect(await store.claimPost({ channel: 'foryou:slack:U1', localDay: '2026-12-01', paperId: P1, now: 0, maxAttempts: 3, retryAfterMs: 1 })).toBe(true);
      expect(await store.forgetPerson('slack:U1', 'foryou:slack:U1')).toEqual({ saves: 2, votes: 1, subscriptions: 1, deliveries: 1 });
      expect(await store.forgetPerson('slack:U1', 'foryou:slack:U1')).toEqual({ saves: 0, votes: 0, subscriptions: 0, deliveries: 0 });
      expect(await store.getForYou('slack:U1')).toBeUndefined();
      expect(await store.teamTop('slack:T1', 0, 10)).toEqual([{ paperId: P3, count: 1 }]);
      expect(await store.removeForYou('slack:U2')).toBe(true);
      expect(await store.listForYou()).toEqual([]);
      await store.forgetPerson('slack:U2', 'foryou:slack:U2');
      expect(await store.hasSignals()).toBe(false);
    });

    it("remembers which channels' weekly recaps post their team's top", async () => {
      const store = await open();
      expect(await store.recapTeam('slack:C1')).toBeUndefined();
      await store.setRecapTeam('slack:C1', 'slack:T1');
      await store.setRecapTeam('slack:C1', 'slack:T2');
      expect(await store.recapTeam('slack:C1')).toBe('slack:T2');
      await store.setRecapTeam('slack:C1', undefined);
      expect(await store.recapTeam('slack:C1')).toBeUndefined();
    });
  });
}

export function digestArchiveContract(open: Open<DigestArchiveStore>) {
  describe('the digest archive', () => {
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

    it('says which digests were archived or changed since the last look, and nothing when none was', async () => {
      const store = await open();
      const digest = (file: string, title: string) => ({ file, sections: [{ date: '2026-04-21', line: 1, papers: [{ title, abstract: 'x', rank: 1, line: 3 }] }], problems: [] });
      const empty = await store.archivedSince(undefined);
      expect(empty.files).toEqual([]);
      await store.archiveDigest(digest('b.txt', 'B'), 1);
      await store.archiveDigest(digest('a.txt', 'A'), 2);
      const first = await store.archivedSince(empty.cursor);
      expect(first.files).toEqual(['a.txt', 'b.txt']);
      // Nothing archived since: an idle look costs nothing that grows with the archive.
      const idle = await store.archivedSince(first.cursor);
      expect(idle.files).toEqual([]);
      expect((await store.archivedSince(idle.cursor)).files).toEqual([]);
      // An unchanged digest archived again (every start re-reads the folder) is no change; a changed one is.
      await store.archiveDigest(digest('a.txt', 'A'), 3);
      expect((await store.archivedSince(idle.cursor)).files).toEqual([]);
      await store.archiveDigest(digest('b.txt', 'B, corrected'), 4);
      await store.archiveDigest(digest('c.txt', 'C'), 5);
      const changed = await store.archivedSince(idle.cursor);
      expect(changed.files).toEqual(['b.txt', 'c.txt']);
      expect((await store.archivedSince(changed.cursor)).files).toEqual([]);
      // Without a cursor: every file, and a cursor from which nothing is new.
      const all = await store.archivedSince(undefined);
      expect(all.files).toEqual(['a.txt', 'b.txt', 'c.txt']);
      expect((await store.archivedSince(all.cursor)).files).toEqual([]);
    });
  });
}

export function liveDayContract(open: Open<LiveDayStore>) {
  describe('fetched days', () => {
    it('keeps fetched days, replacing a day fetched again, and says which are final', async () => {
      const store = await open();
      const paper = (title: string, upvotes: number, rank: number) => ({ arxivId: '2509.24006', title, abstract: 'x', rank, upvotes, authors: ['A. Author'] });
      await store.saveLiveDay({ date: '2026-04-21', papers: [paper('First', 3, 1)], fetchedAt: 1, final: false });
      await store.saveLiveDay({ date: '2026-04-20', papers: [], fetchedAt: 2, final: true });
      await store.saveLiveDay({ date: '2026-04-21', papers: [paper('First', 9, 1)], fetchedAt: 3, final: true });
      expect(await store.liveDayStatus()).toEqual([
        { date: '2026-04-20', final: true },
        { date: '2026-04-21', final: true },
      ]);
      const days = await store.liveDays();
      expect(days.map((d) => [d.date, d.fetchedAt, d.papers.map((p) => p.upvotes)])).toEqual([
        ['2026-04-20', 2, []],
        ['2026-04-21', 3, [9]],
      ]);
      expect(days[1]!.papers[0]).toEqual(paper('First', 9, 1));
    });

    it('keeps papers looked up one at a time by paper id, a lookup again replacing the first', async () => {
      const store = await open();
      const item = (upvotes: number) => ({ date: '2026-10-02', paper: { arxivId: '2511.09001', title: 'Walrus', abstract: 'x', upvotes, authors: ['A. Author'], dailyDate: '2026-10-02' } });
      expect(await store.lookedUp([])).toEqual([]);
      await store.keepLookedUp('0123456789ab', item(3), 1);
      await store.keepLookedUp('0123456789ab', item(33), 2);
      await store.keepLookedUp('ba9876543210', { ...item(1), paper: { ...item(1).paper, title: 'Other', arxivId: '2511.09002' } }, 3);
      expect(await store.lookedUp(['0123456789ab', 'ffffffffffff'])).toEqual([item(33)]);
      expect((await store.lookedUp(['0123456789ab', 'ba9876543210'])).map((i) => i.paper.title).sort()).toEqual(['Other', 'Walrus']);
    });
  });
}

export function coordinationContract(open: Open<Coordination>) {
  describe('coordination: run claims, once-keys and leases', () => {
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
  });
}

export function lifecycleContract(open: Open<StoreLifecycle>) {
  describe('lifecycle', () => {
    it('answers a ping', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('closes twice without an error', async () => {
      const store = await open();
      await store.close();
      await store.close();
    });
  });
}
