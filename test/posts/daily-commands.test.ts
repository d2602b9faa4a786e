import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

function setup() {
  const store = openStore();
  const library = sampleLibrary();
  const b = createPaperBot(library, { store, dailyDefaults: { time: '09:00', timezone: 'UTC', days: [1, 2, 3, 4, 5] }, now: () => new Date('2026-04-22T12:00:00Z') });
  return { bot: b, store };
}
const manager = { channel: 'slack:C1', user: 'U1', canManageChannel: true };
const member = { channel: 'slack:C1', user: 'U2', canManageChannel: false };

describe('subscription commands', () => {
  it('subscribes with defaults, a time, a time zone, or both', async () => {
    const { bot, store } = setup();
    expect(await bot.answer('subscribe', manager)).toMatchObject({ kind: 'info', title: expect.stringContaining('Subscribed') });
    expect(await store.getSubscription('slack:C1', 'daily')).toEqual({ channel: 'slack:C1', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [1, 2, 3, 4, 5], source: 'command' });
    expect(await bot.answer('subscribe 8:30 Europe/Paris', manager)).toMatchObject({ kind: 'info', title: expect.stringContaining('Updated: the top trending paper is posted here at 08:30 Europe/Paris, Mon–Fri') });
    expect(await bot.answer('subscribe America/New_York', manager)).toMatchObject({ kind: 'info' });
    // Changing only the zone keeps the time.
    expect(await store.getSubscription('slack:C1', 'daily')).toMatchObject({ time: '08:30', timezone: 'America/New_York' });
  });

  it('refuses people who cannot manage the channel, changing nothing', async () => {
    const { bot, store } = setup();
    expect(await bot.answer('subscribe 07:00', member)).toMatchObject({ kind: 'refused', message: expect.stringContaining('Only people who can manage this channel') });
    expect(await store.getSubscription('slack:C1', 'daily')).toBeUndefined();
    await bot.answer('subscribe', manager);
    expect(await bot.answer('unsubscribe', member)).toMatchObject({ kind: 'refused' });
    expect(await store.getSubscription('slack:C1', 'daily')).toBeDefined();
  });

  it('explains a bad time or time zone', async () => {
    const { bot } = setup();
    expect(await bot.answer('subscribe 25:00', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('not a time of day') });
    expect(await bot.answer('subscribe Mars/Olympus', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('not a time zone I know') });
  });

  it('unsubscribes, and leaves config subscriptions to the configuration', async () => {
    const { bot, store } = setup();
    await bot.answer('subscribe', manager);
    expect(await bot.answer('unsubscribe', manager)).toMatchObject({ kind: 'info', title: expect.stringContaining('Unsubscribed') });
    expect(await bot.answer('unsubscribe', manager)).toMatchObject({ kind: 'info', title: expect.stringContaining('nothing to stop') });
    await store.upsertSubscription({ channel: 'slack:C1', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [1], source: 'config' });
    expect(await bot.answer('unsubscribe', manager)).toMatchObject({ kind: 'refused', message: expect.stringContaining('DAILY_CHANNELS') });
  });

  it('lists subscriptions and says what comes next, and when', async () => {
    const { bot } = setup();
    expect(await bot.answer('next', member)).toMatchObject({ kind: 'info', title: expect.stringContaining('no daily paper'), lines: [expect.stringContaining('Towards Principled Evaluations')] });
    await bot.answer('subscribe 18:00 Europe/Paris', manager);
    const next = await bot.answer('next', member);
    // 2026-04-22 12:00 UTC is 14:00 in Paris, a Wednesday: next at 18:00 that day.
    expect(next).toMatchObject({ kind: 'info', lines: [expect.stringMatching(/^Next: Towards Principled Evaluations.*#1 on 2026-04-21\), Wed, Apr 22, 18:00 Europe\/Paris\.$/)] });
    const list = await bot.answer('subscriptions', member);
    expect(list).toMatchObject({ kind: 'info', title: 'Subscriptions (1):', lines: ['Daily paper (1):', '• this channel: at 18:00 Europe/Paris, Mon–Fri'] });
  });

  it('needs a channel and a daily setup', async () => {
    const { bot } = setup();
    expect(await bot.answer('subscribe', { canManageChannel: true })).toMatchObject({ kind: 'error', message: expect.stringContaining('in a channel') });
    expect(await createPaperBot(sampleLibrary()).answer('next', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('not set up') });
  });
});
