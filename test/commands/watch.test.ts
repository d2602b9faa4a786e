import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { paperActionId, parseActionId, replyActions } from '../../src/conversation/actions.js';
import { PaperLibrary } from '../../src/library/library.js';
import { LIVE_SOURCE } from '../../src/library/paper.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);
const T0 = new Date('2026-11-27T10:00:00Z');

function setup(watchDays = 90) {
  const store = openStore();
  const library = new PaperLibrary();
  library.addListing({
    date: '2026-11-27',
    source: LIVE_SOURCE,
    papers: [
      { title: 'Sparse Probes for Everything', abstract: 'Sparse probes find features.', rank: 1, meta: { arxivId: '2511.10000', upvotes: 12, githubRepo: 'https://github.com/org/probes' } },
      { title: 'Sparse Attention Kernels', abstract: 'Sparse attention, fast.', rank: 2, meta: { arxivId: '2511.10001' } },
    ],
  });
  // A paper from a digest without an arXiv id cannot be watched.
  library.addListing({ date: '2026-11-26', source: 'digest.txt', papers: [{ title: 'A Paper Without Any Id', abstract: 'No id here.', rank: 1 }] });
  const bot = createPaperBot(library, { store, now: () => T0, watchDays });
  return { store, library, bot };
}
const manager = { channel: 'slack:C1', user: 'U1', canManageChannel: true };
const member = { channel: 'slack:C1', user: 'U2', canManageChannel: false };
const dm = { channel: 'slack:D9', user: 'U2', canManageChannel: false, direct: true };

describe('/paper watch, watches, unwatch', () => {
  it('watches by result number, arXiv id, link or paper id; lists them with their ends; unwatches by number, id or all', async () => {
    const { bot, store, library } = setup();
    const results = await bot.answer('sparse', manager);
    // Result 2 of the search: the probes paper (the kernels one ranks first for “sparse”).
    expect(results.kind === 'results' && results.hits.map((h) => h.title)).toEqual(['Sparse Attention Kernels', 'Sparse Probes for Everything']);
    const made = await bot.answer('watch 2', manager);
    expect(made).toMatchObject({ kind: 'info', title: 'Watching “Sparse Probes for Everything” until Feb 25, 2027 (90 days).' });
    // Code and 12 upvotes already there: not promised again.
    expect(made.kind === 'info' && made.lines[0]).toBe('I post here when a project page, a model, dataset or Space appear on Hugging Face, or when it passes 50, 100 upvotes.');
    const kernelsMade = await bot.answer('watch https://arxiv.org/abs/2511.10001v2', manager);
    expect(kernelsMade.kind === 'info' && kernelsMade.lines[0]).toBe(
      'I post here when its code, a project page, a model, dataset or Space appear on Hugging Face, or when it passes 10, 50, 100 upvotes.',
    );
    expect(await bot.answer('watch huggingface.co/papers/2511.10000', manager)).toMatchObject({ title: 'Already watching “Sparse Probes for Everything” here, until Feb 25, 2027.' });
    expect((await store.listWatches('slack:C1'))[0]).toMatchObject({ arxivId: '2511.10000', seen: { githubRepo: 'https://github.com/org/probes', upvoteMark: 10, models: null } });
    expect(await bot.answer('watches', member)).toMatchObject({
      title: 'This channel watches 2 of at most 25 papers:',
      lines: ['1. “Sparse Probes for Everything” (arXiv 2511.10000), until Feb 25, 2027', '2. “Sparse Attention Kernels” (arXiv 2511.10001), until Feb 25, 2027', expect.stringContaining('unwatch')],
    });
    expect(await bot.answer('unwatch 9', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('Pick a number from 1 to 2') });
    // Any bare number is a watch's number, however long or negative (a result number is "result N").
    for (const n of ['1234', '-1']) expect(await bot.answer(`unwatch ${n}`, manager)).toMatchObject({ kind: 'error', message: `No watch “${n}”. Pick a number from 1 to 2 (/paper watches lists them), a paper id, an arXiv id, or all.` });
    expect(await bot.answer('watch 100', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('There is no result 100') });
    expect(await bot.answer('unwatch 2511.10000', manager)).toMatchObject({ title: 'Stopped watching “Sparse Probes for Everything”.' });
    const kernels = library.getByArxiv('2511.10001')!;
    expect(await bot.answer(`unwatch ${kernels.id}`, manager)).toMatchObject({ title: 'Stopped watching “Sparse Attention Kernels”.' });
    await bot.answer(`watch ${kernels.id}`, manager);
    expect(await bot.answer('unwatch 1', manager)).toMatchObject({ title: 'Stopped watching “Sparse Attention Kernels”.' });
    await bot.answer('watch 2511.10001', manager);
    expect(await bot.answer('unwatch all', manager)).toMatchObject({ title: 'Stopped all 1 watch.' });
    expect(await bot.answer('unwatch all', manager)).toMatchObject({ title: 'No watches to stop.' });
    expect(await store.listWatches()).toEqual([]);
  });

  it('lets only channel managers change a channel’s watches, and anyone watch for themselves in a DM', async () => {
    const { bot, store } = setup();
    expect(await bot.answer('watch 2511.10000', member)).toMatchObject({ kind: 'refused', message: expect.stringContaining('in a direct message') });
    expect(await bot.answer('watch 2511.10000', dm)).toMatchObject({ kind: 'info', title: expect.stringContaining('Watching') });
    expect(await store.listWatches('slack:U2')).toMatchObject([{ kind: 'person', arxivId: '2511.10000' }]);
    await bot.answer('watch 2511.10000', manager);
    expect(await bot.answer('unwatch 1', member)).toMatchObject({ kind: 'refused' });
    expect(await bot.answer('unwatch all', member)).toMatchObject({ kind: 'refused' });
    // A member may still list them.
    expect(await bot.answer('watches', member)).toMatchObject({ title: 'This channel watches 1 of at most 25 papers:' });
    expect(await bot.answer('watches', dm)).toMatchObject({ title: 'You watch 1 of at most 25 papers:' });
    // A lazy permission check (Slack asks users.info) is asked only when needed.
    let asked = 0;
    const lazy = { channel: 'slack:C1', user: 'U3', canManageChannel: async () => (asked++, false) };
    await bot.answer('watches', lazy);
    expect(asked).toBe(0);
    expect(await bot.answer('unwatch 1', lazy)).toMatchObject({ kind: 'refused' });
    expect(asked).toBe(1);
  });

  it('answers bad input with what to type', async () => {
    const { bot } = setup();
    expect(await bot.answer('watch sparse probes', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('/paper follow sparse probes') });
    expect(await bot.answer('watch 2511.99999', manager)).toMatchObject({ kind: 'error', message: 'No paper with arXiv id 2511.99999 in the library yet.' });
    expect(await bot.answer('watch', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('Which paper?') });
    expect(await bot.answer('watch 4', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('Search first') });
    expect(await bot.answer('watch “A Paper Without Any Id”', manager)).toMatchObject({ kind: 'error' });
    await bot.answer('without any id', manager);
    expect(await bot.answer('watch 1', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('has no arXiv id') });
    expect(await bot.answer('unwatch', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('Which watch?') });
    expect(await bot.answer('unwatch sparse probes', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('Nothing is watched here') });
    expect(await bot.answer('watch 2511.10000', {})).toMatchObject({ kind: 'error', message: expect.stringContaining('in a channel') });
    const noStore = createPaperBot(new PaperLibrary());
    expect(await noStore.answer('watches', manager)).toMatchObject({ kind: 'error', message: 'Watching papers is not set up in this bot.' });
    // "watches" is its own command, not a watch of "es".
    expect(parseCommand('watches').command).toEqual({ kind: 'watches' });
    expect(parseCommand('watch 3').command).toEqual({ kind: 'watch', ref: '3' });
  });

  it('keeps the watches of a channel to 25', async () => {
    const { bot, store, library } = setup();
    for (let i = 0; i < 25; i++) {
      await store.addWatch({ owner: 'slack:C1', kind: 'channel', paperId: `${String(i).padStart(12, '0')}`, arxivId: `2511.2${String(i).padStart(4, '0')}`, title: `P${i}`, createdAt: 0, endsAt: 1e13, seen: { githubRepo: null, projectPage: null, models: null, datasets: null, spaces: null, inDaily: true, upvoteMark: 0 } });
    }
    expect(library.size).toBeGreaterThan(0);
    expect(await bot.answer('watch 2511.10000', manager)).toMatchObject({ kind: 'error', message: 'This channel watches 25 papers, the most it may. /paper unwatch <number> makes room.' });
  });

  it('offers Watch among every paper’s actions, and the action watches for the clicker’s channel, answered only to them', async () => {
    const { bot, store, library } = setup();
    const results = await bot.answer('sparse', manager);
    const { papers } = replyActions(results);
    expect(papers[0]!.actions.map((a) => a.label)).toEqual(['Abstract', 'Save', 'Cite', 'Related', 'Watch']);
    const id = library.getByArxiv('2511.10000')!.id;
    expect(paperActionId('watch', id)).toBe(`watch:${id}`);
    expect(parseActionId(`watch:${id}`)).toEqual({ kind: 'watch', paperId: id });
    expect(parseActionId('watch:nothex')).toBeUndefined();
    const answer = await bot.handle({ kind: 'action', id: `watch:${id}`, context: manager });
    expect(answer).toMatchObject({ visibility: 'asker', placement: 'reply', reply: { kind: 'info', title: expect.stringContaining('Watching “Sparse Probes for Everything”') } });
    expect(await store.listWatches('slack:C1')).toHaveLength(1);
    expect(await bot.handle({ kind: 'action', id: `watch:${id}`, context: member })).toMatchObject({ visibility: 'asker', reply: { kind: 'refused' } });
  });

  it('watches for WATCH_DAYS days', async () => {
    const { bot, store } = setup(7);
    expect(await bot.answer('watch 2511.10000', manager)).toMatchObject({ title: 'Watching “Sparse Probes for Everything” until Dec 4, 2026 (7 days).' });
    expect((await store.listWatches())[0]!.endsAt).toBe(T0.getTime() + 7 * 86_400_000);
  });
});
