import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { LIVE_SOURCE } from '../../src/library/paper.js';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import { runWeeklyTick } from '../../src/posts/weekly-job.js';
import { recordingAdapter } from '../helpers/recording-adapter.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

/** A week of live listings with upvotes, ending Friday 2026-11-27. */
function library(): PaperLibrary {
  const lib = new PaperLibrary();
  for (const [day, offset] of [['2026-11-23', 0], ['2026-11-25', 10], ['2026-11-27', 20], ['2026-11-10', 30]] as const) {
    lib.addListing({
      date: day,
      source: LIVE_SOURCE,
      papers: [1, 2, 3].map((k) => ({ title: `Paper ${day} ${k}`, abstract: 'A study.', rank: k, meta: { arxivId: `2511.${String(offset + k).padStart(5, '0')}`, upvotes: offset + 10 * (4 - k) } })),
    });
  }
  return lib;
}

async function setup() {
  const store = openStore();
  await store.upsertSubscription({ channel: 'slack:C1', cadence: 'weekly', days: [5], time: '16:00', timezone: 'Europe/Paris', source: 'command' });
  const adapter = recordingAdapter();
  const deps = { store, library: library(), adapters: new Map([['slack', adapter]]), logger: createLogger({ level: 'silent' }) };
  return { store, adapter, deps };
}

describe('the weekly recap', () => {
  it('posts the week’s five best by upvotes once per local week, from its weekday and time on', async () => {
    const { deps, adapter, store } = await setup();
    await runWeeklyTick(deps, new Date('2026-11-27T14:59:00Z')); // 15:59 in Paris
    expect(adapter.replies).toHaveLength(0);
    await runWeeklyTick(deps, new Date('2026-11-27T15:00:00Z'));
    await runWeeklyTick(deps, new Date('2026-11-27T20:00:00Z'));
    expect(adapter.replies).toHaveLength(1);
    const { target, reply } = adapter.replies[0]!;
    expect(target).toEqual({ id: 'C1', person: false });
    expect(reply).toMatchObject({ kind: 'list', title: "The week's best papers, Nov 21 – Nov 27, 2026" });
    expect(reply.kind === 'list' && reply.hits.map((h) => h.upvotes)).toEqual([50, 40, 40, 30, 30]);
    expect(await store.getRecap('slack:C1', '2026-W48')).toMatchObject({ status: 'sent' });
    await runWeeklyTick(deps, new Date('2026-12-04T15:00:00Z'));
    expect(adapter.replies).toHaveLength(2);
  });

  it('retries a failed recap later that day', async () => {
    const { deps, adapter } = await setup();
    adapter.failWith('boom');
    await runWeeklyTick(deps, new Date('2026-11-27T15:00:00Z'));
    adapter.failWith(undefined);
    await runWeeklyTick(deps, new Date('2026-11-27T15:05:00Z'));
    expect(adapter.replies).toHaveLength(0);
    await runWeeklyTick(deps, new Date('2026-11-27T15:20:00Z'));
    expect(adapter.replies).toHaveLength(1);
  });

  it('posts what /paper week answers: the same papers, in the same order', async () => {
    const { deps, adapter } = await setup();
    // Nine papers in the week: more than either list shows.
    const now = new Date('2026-11-27T15:00:00Z');
    const week = await createPaperBot(deps.library, { now: () => now }).answer('week');
    await runWeeklyTick(deps, now);
    const recap = adapter.replies[0]!.reply;
    expect(recap.kind === 'list' && recap.hits.map((h) => h.id)).toEqual(week.kind === 'list' && week.hits.map((h) => h.id));
    expect(recap).toMatchObject({ title: week.kind === 'list' ? week.title : '' });
  });

  it('says so when the week it recaps is old, as /paper week does', async () => {
    const { deps, adapter } = await setup();
    await runWeeklyTick({ ...deps, liveSource: () => ({ state: 'unreachable', reason: 'HTTP 503' }) }, new Date('2026-12-04T15:00:00Z'));
    expect(adapter.replies[0]!.reply.notes).toEqual([
      'These are old papers: the newest day here is 2026-11-27, 7 days ago, because Hugging Face cannot be reached (HTTP 503); paperbot keeps trying.',
    ]);
  });
});
