import { describe, expect, it } from 'vitest';
import { localTime, nextLocalTime } from '../../src/posts/local-time.js';
import { duePosts } from '../../src/posts/schedule.js';
import { parseWeekdays } from '../../src/posts/weekdays.js';
import type { PostRow, Subscription } from '../../src/store/store.js';

const sub = (over: Partial<Subscription>): Subscription => ({ channel: 'slack:C1', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], source: 'config', ...over });
const none = () => undefined;
const due = (s: Subscription, at: string, ledger: (c: string, d: string) => PostRow | undefined = none) => duePosts([s], ledger, new Date(at));

describe('when a subscription is due', () => {
  it('is due from its local time on, for its local day', async () => {
    expect(await due(sub({}), '2026-04-21T08:59:00Z')).toEqual([]);
    expect(await due(sub({}), '2026-04-21T09:00:00Z')).toMatchObject([{ localDay: '2026-04-21' }]);
    // Catch-up: the bot was down at 09:00 and is up at 15:00 the same day.
    expect(await due(sub({}), '2026-04-21T15:00:00Z')).toMatchObject([{ localDay: '2026-04-21' }]);
  });

  it('uses the local day ahead of UTC (Auckland, UTC+12 in April)', async () => {
    const s = sub({ timezone: 'Pacific/Auckland' });
    // 21:00 UTC on Apr 20 is 09:00 on Apr 21 in Auckland.
    expect(await due(s, '2026-04-20T20:59:00Z')).toEqual([]);
    expect(await due(s, '2026-04-20T21:00:00Z')).toMatchObject([{ localDay: '2026-04-21' }]);
  });

  it('uses the local day behind UTC (Los Angeles, UTC-7 in April)', async () => {
    const s = sub({ timezone: 'America/Los_Angeles' });
    // 09:00 in LA on Apr 21 is 16:00 UTC; at 03:00 UTC on Apr 22 it is still Apr 21 in LA.
    expect(await due(s, '2026-04-21T15:59:00Z')).toEqual([]);
    expect(await due(s, '2026-04-22T03:00:00Z')).toMatchObject([{ localDay: '2026-04-21' }]);
  });

  it('posts once on a DST change day, even at a time that does not exist or happens twice', async () => {
    // New York springs forward on 2026-03-08: 02:00 -> 03:00, so 02:30 never shows.
    const spring = sub({ timezone: 'America/New_York', time: '02:30' });
    expect(await due(spring, '2026-03-08T06:59:00Z')).toEqual([]); // 01:59 EST
    expect(await due(spring, '2026-03-08T07:00:00Z')).toMatchObject([{ localDay: '2026-03-08' }]); // 03:00 EDT
    expect(nextLocalTime(new Date('2026-03-08T05:00:00Z'), 'America/New_York', '02:30', spring.days)).toEqual(new Date('2026-03-08T07:00:00Z'));
    // Berlin falls back on 2026-10-25: 02:30 happens twice; the ledger stops the second.
    const fall = sub({ timezone: 'Europe/Berlin', time: '02:30' });
    const first = new Date('2026-10-25T00:30:00Z'); // 02:30 CEST
    expect(localTime(first, 'Europe/Berlin')).toMatchObject({ day: '2026-10-25', minutes: 150 });
    expect(await due(fall, first.toISOString())).toHaveLength(1);
    const sent: PostRow = { channel: 'slack:C1', localDay: '2026-10-25', paperId: 'aaaaaaaaaaaa', status: 'sent', attempts: 1, claimedAt: 0, messageId: 'x', error: null };
    expect(await due(fall, '2026-10-25T01:30:00Z', () => sent)).toEqual([]); // 02:30 CET, again
  });

  it('skips days outside DAILY_DAYS, and retries a failed day', async () => {
    const weekdays = sub({ days: parseWeekdays('mon-fri')! });
    expect(await due(weekdays, '2026-04-25T10:00:00Z')).toEqual([]); // a Saturday
    expect(await due(weekdays, '2026-04-27T10:00:00Z')).toHaveLength(1); // Monday
    const failed: PostRow = { channel: 'slack:C1', localDay: '2026-04-27', paperId: 'aaaaaaaaaaaa', status: 'failed', attempts: 1, claimedAt: 0, messageId: null, error: 'x' };
    expect(await due(weekdays, '2026-04-27T10:00:00Z', () => failed)).toHaveLength(1);
  });

  it('reads DAILY_DAYS forms', async () => {
    expect(parseWeekdays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWeekdays('fri-mon')).toEqual([0, 1, 5, 6]);
    expect(parseWeekdays('mon,wed,fri')).toEqual([1, 3, 5]);
    expect(parseWeekdays('daily')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(parseWeekdays('weekdays')).toBeUndefined();
  });
});
