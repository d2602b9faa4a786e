import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

function setup() {
  const store = openStore();
  return { store, bot: createPaperBot(sampleLibrary(), { store, now: () => new Date('2026-11-27T10:00:00Z') }) };
}
const manager = { channel: 'slack:C1', user: 'U1', canManageChannel: true };
const member = { channel: 'slack:C1', user: 'U2', canManageChannel: false };
const dm = { channel: 'slack:D9', user: 'U2', canManageChannel: false, direct: true };

describe('/paper follow, follows, unfollow', () => {
  it('follows, lists numbered, and unfollows by number, words or all', async () => {
    const { bot, store } = setup();
    const made = await bot.answer('follow sparse autoencoders', manager);
    expect(made).toMatchObject({ kind: 'info', lines: [expect.stringMatching(/^\d+ papers in the library match it already/)] });
    await bot.answer('follow Mixture  of EXPERTS', manager);
    await bot.answer('follow diffusion', manager);
    expect(await bot.answer('follow mixture of experts', manager)).toMatchObject({ title: 'Already following “mixture of experts” here.' });
    expect(await bot.answer('follows', member)).toMatchObject({
      title: 'This channel follows 3 of at most 25 topics:',
      lines: ['1. “sparse autoencoders” (since Nov 27, 2026)', '2. “Mixture of EXPERTS” (since Nov 27, 2026)', '3. “diffusion” (since Nov 27, 2026)', expect.stringContaining('unfollow')],
    });
    expect(await bot.answer('unfollow 2', manager)).toMatchObject({ title: 'Stopped following “Mixture of EXPERTS” (since Nov 27, 2026).' });
    expect(await bot.answer('unfollow DIFFUSION', manager)).toMatchObject({ title: expect.stringContaining('“diffusion”') });
    expect(await bot.answer('unfollow 7', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('Pick a number from 1 to 1') });
    expect(await bot.answer('unfollow all', manager)).toMatchObject({ title: 'Stopped all 1 follow.' });
    expect(await store.listFollows('slack:C1')).toEqual([]);
  });

  it('lets only channel managers change a channel’s follows, and anyone follow for themselves in a DM', async () => {
    const { bot, store } = setup();
    expect(await bot.answer('follow diffusion', member)).toMatchObject({ kind: 'refused', message: expect.stringContaining('in a direct message') });
    expect(await bot.answer('follow diffusion', dm)).toMatchObject({ kind: 'info', title: expect.stringContaining('to you in a direct message') });
    expect(await store.listFollows('slack:U2')).toMatchObject([{ kind: 'person', words: 'diffusion' }]);
    expect(await bot.answer('follows', dm)).toMatchObject({ title: 'You follow 1 of at most 25 topics:' });
    await bot.answer('follow quantization', manager);
    expect(await bot.answer('unfollow all', member)).toMatchObject({ kind: 'refused' });
    expect(await store.listFollows('slack:C1')).toHaveLength(1);
  });

  it('stops at 25 follows, and refuses words with nothing to search', async () => {
    const { bot } = setup();
    for (let i = 0; i < 25; i++) await bot.answer(`follow topic${i}`, manager);
    expect(await bot.answer('follow one more', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('25 topics, the most it may') });
    expect(await bot.answer('follow the of and', dm)).toMatchObject({ kind: 'error', message: expect.stringContaining('nothing to search for') });
    expect(await bot.answer('follow', dm)).toMatchObject({ kind: 'error', message: expect.stringContaining('Usage: /paper follow <words>') });
  });

  it('tips a quoted search for the papers that already match, in words that agree with how many', async () => {
    const { bot } = setup();
    // Unquoted, "/paper save energy" would save a paper instead of listing what matches.
    expect(await bot.answer('follow save energy', manager)).toMatchObject({ lines: ['1 paper in the library matches it already (/paper "save energy" shows it); it will not be alerted.'] });
    // The tip is a search (which also finds near matches: typos, word starts).
    expect(await bot.answer('"save energy"', manager)).toMatchObject({ kind: 'results', query: 'save energy' });
    expect(await bot.answer('follow zzqxv', manager)).toMatchObject({ lines: ['No paper in the library matches it yet.'] });
    const many = await bot.answer('follow network pruning', manager);
    expect(many).toMatchObject({ lines: [expect.stringMatching(/^([2-9]|\d{2,}) papers in the library match it already \(\/paper "network pruning" lists them\); they will not be alerted\.$/)] });
    expect(await bot.answer('"network pruning"', manager)).toMatchObject({ kind: 'results', query: 'network pruning' });
  });

  it('keeps hostile words as plain text, cut to 200 characters with a note', async () => {
    const { bot, store } = setup();
    const reply = await bot.answer(`follow <!channel> @everyone *bold* ${'sparse '.repeat(2000)}`, dm);
    expect(reply).toMatchObject({ kind: 'info', notes: [expect.stringContaining('I follow the first')] });
    const [f] = await store.listFollows('slack:U2');
    expect(f!.words.length).toBeLessThanOrEqual(200);
    expect(f!.words.startsWith('<!channel> @everyone *bold* sparse')).toBe(true);
  });
});

describe('/paper week and weekly subscriptions', () => {
  it('lists the best papers of the seven days ending with the newest day', async () => {
    const { bot } = setup();
    const reply = await bot.answer('week', member);
    expect(reply).toMatchObject({ kind: 'list', title: "The week's best papers, Apr 15 – Apr 21, 2026" });
    // Five, as the weekly recap posts (test/posts/weekly-job.test.ts holds the two to the same list).
    expect(reply.kind === 'list' && reply.hits.map((h) => h.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('subscribes a channel to a weekly recap on a weekday, beside its daily paper', async () => {
    const { bot, store } = setup();
    expect(await bot.answer('subscribe weekly fri 16:00 Europe/Paris', manager)).toMatchObject({
      title: "Subscribed: the week's five best papers are posted here every Fri at 16:00 Europe/Paris.",
      lines: ['Next recap: Fri, Nov 27, 16:00 Europe/Paris, the best papers of the seven days before.'],
    });
    await bot.answer('subscribe 08:00', manager);
    expect((await store.listSubscriptions()).map((s) => [s.cadence, s.days, s.time])).toEqual([
      ['daily', [0, 1, 2, 3, 4, 5, 6], '08:00'],
      ['weekly', [5], '16:00'],
    ]);
    // Listed apart: a weekly recap is not a daily paper.
    expect(await bot.answer('subscriptions', member)).toMatchObject({
      title: 'Subscriptions (2):',
      lines: ['Daily paper (1):', '• this channel: at 08:00 UTC, every day', "Weekly recap of the week's best (1):", '• this channel: every Fri at 16:00 Europe/Paris'],
    });
    expect(await bot.answer('unsubscribe weekly', manager)).toMatchObject({ title: 'Unsubscribed: no more weekly recaps in this channel.' });
    expect(await store.getSubscription('slack:C1', 'daily')).toBeDefined();
    expect(await bot.answer('subscriptions', member)).toMatchObject({ title: 'Subscriptions (1):', lines: ['Daily paper (1):', '• this channel: at 08:00 UTC, every day'] });
  });

  it('names what it expected in place of a word it cannot read', async () => {
    const { bot, store } = setup();
    expect(await bot.answer('subscribe weekly someday', manager)).toMatchObject({
      kind: 'error',
      message: 'I cannot read “someday”: after /paper subscribe weekly I expect a weekday (mon … sun), a time (24-hour HH:MM) or a time zone (like Europe/Paris), e.g. /paper subscribe weekly fri 16:00 Europe/Paris.',
    });
    expect(await bot.answer('subscribe 9am', manager)).toMatchObject({ kind: 'error', message: 'Times are 24-hour HH:MM: for “9am” say 09:00, as in /paper subscribe 09:00 Europe/Paris.' });
    expect(await bot.answer('subscribe fri', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('For a weekly recap on that day: /paper subscribe weekly fri.') });
    // What looks like a zone is still answered as a zone.
    expect(await bot.answer('subscribe weekly fri Europe/Pariss', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('“Europe/Pariss” is not a time zone I know') });
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it('answers a word that looks like a time with how times are written, never as a time zone, daily, weekly and for you', async () => {
    const { bot, store } = setup();
    const daily = (t: string) => `/paper subscribe ${t} Europe/Paris`;
    const weekly = (t: string) => `/paper subscribe weekly fri ${t} Europe/Paris`;
    const monday = (t: string) => `/paper subscribe weekly mon ${t} Europe/Paris`;
    const forYou = (t: string) => `/paper subscribe foryou ${t} Europe/Paris`;
    const cases: [string, typeof dm | typeof manager, string, (t: string) => string][] = [
      ['subscribe foryou 8am', dm, '08:00', forYou],
      ['subscribe foryou 8pm Europe/Paris', dm, '20:00', forYou],
      ['subscribe 8am', manager, '08:00', daily],
      ['subscribe 8 pm UTC', manager, '20:00', daily],
      ['subscribe 8.30', manager, '08:30', daily],
      ['subscribe 0800 Europe/Paris', manager, '08:00', daily],
      ['subscribe 12am', manager, '00:00', daily],
      ['subscribe weekly fri 8pm', manager, '20:00', weekly],
      // The example keeps the weekday asked.
      ['subscribe weekly 0800 mon UTC', manager, '08:00', monday],
      ['subscribe weekly 8pm', manager, '20:00', weekly],
    ];
    for (const [text, who, meant, example] of cases) {
      const word = /(\d[\d.]*(?: ?[ap]m)?)/.exec(text.replace(/^subscribe (?:foryou |weekly )?/, ''))![1]!.replace(' ', '');
      expect(await bot.answer(text, who), text).toMatchObject({ kind: 'error', message: `Times are 24-hour HH:MM: for “${word}” say ${meant}, as in ${example(meant)}.` });
    }
    expect(await bot.answer('subscribe weekly fri 25:00', manager)).toMatchObject({ kind: 'error', message: '“25:00” is not a time of day. Use 24-hour HH:MM, e.g. /paper subscribe weekly fri 08:30 Europe/Paris.' });
    expect(await bot.answer('subscribe foryou 8:75', dm)).toMatchObject({ kind: 'error', message: expect.stringContaining('“8:75” is not a time of day. Use 24-hour HH:MM') });
    expect(await store.listSubscriptions()).toEqual([]);
    expect(await store.getForYou('slack:U2')).toBeUndefined();
    // A time in HH:MM still works, in any place among the words.
    expect(await bot.answer('subscribe Europe/Paris 8:30', manager)).toMatchObject({ kind: 'info', title: expect.stringContaining('at 08:30 Europe/Paris') });
  });

  it('says there is nothing yet, daily or weekly', async () => {
    const { bot } = setup();
    expect(await bot.answer('subscriptions', member)).toMatchObject({ title: expect.stringContaining('No channel gets the daily paper or a weekly recap yet'), lines: [] });
  });
});
