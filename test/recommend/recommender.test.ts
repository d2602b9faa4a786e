import { beforeAll, describe, expect, it } from 'vitest';
import { TOPICS, coreOf, onTopic, type Topic } from '../../bench/recommend-topics.js';
import type { Paper } from '../../src/library/paper.js';
import { createRecommender, MIN_SIGNALS, type ReaderSignal, type RecommendCorpus, type Recommender } from '../../src/recommend/recommender.js';
import { loadRealFixture, type RealFixture } from '../fixtures/hf-daily-real/fixture.js';

// Through the public interface (createRecommender -> recommend), on the real
// papers of test/fixtures/hf-daily-real; the benchmark (npm run
// bench:recommend) measures quality over many readers, these pin behaviour.

const topic = (name: string): Topic => TOPICS.find((t) => t.name === name)!;
const save = (p: Paper, i = 0): ReaderSignal => ({ paperId: p.id, kind: 'save', at: `2026-08-0${1 + (i % 9)}T10:00:00Z` });

let fx: RealFixture;
let corpus: RecommendCorpus;
let rec: Recommender;
let now: Date;
/** The first n papers of a topic whose title names it, in fixture order. */
let core: (t: Topic, n: number) => Paper[];

beforeAll(() => {
  fx = loadRealFixture();
  corpus = { papers: () => fx.papers, get: (id) => fx.library.get(id) };
  rec = createRecommender(corpus);
  now = new Date(`${fx.library.days()[0]!}T12:00:00Z`);
  core = (t, n) => fx.papers.filter((p) => coreOf(p, t)).slice(0, n);
});

describe('recommender', () => {
  it('asks for three signals before its answer replaces the week\'s best', () => {
    expect(MIN_SIGNALS).toBe(3);
  });

  it('gives a reader of two interests both of them (splatting and speech)', () => {
    const splat = topic('gaussian splatting');
    const speech = topic('speech');
    const saves = [...core(splat, 3), ...core(speech, 3)];
    const top = rec.recommend(saves.map(save), { limit: 5, now }).map((r) => fx.library.get(r.paperId)!);
    expect(top).toHaveLength(5);
    expect(top.filter((p) => onTopic(p, splat)).length).toBeGreaterThanOrEqual(2);
    expect(top.filter((p) => onTopic(p, speech)).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a one-topic reader on the topic', () => {
    const music = topic('music');
    const top = rec.recommend(core(music, 6).map(save), { limit: 5, now }).map((r) => fx.library.get(r.paperId)!);
    expect(top.filter((p) => onTopic(p, music)).length).toBeGreaterThanOrEqual(4);
  });

  it('never returns a saved or an excluded paper, and names a saved paper as "like"', () => {
    const saves = [...core(topic('medical'), 4), ...core(topic('molecules'), 2)];
    const savedIds = new Set(saves.map((p) => p.id));
    const first = rec.recommend(saves.map(save), { limit: 10, now });
    const exclude = new Set(first.slice(0, 5).map((r) => r.paperId));
    const second = rec.recommend(saves.map(save), { limit: 10, now, exclude });
    expect(second).toHaveLength(10);
    for (const r of [...first, ...second]) {
      expect(savedIds.has(r.paperId)).toBe(false);
      expect(r.like).toBeDefined();
      expect(savedIds.has(r.like!)).toBe(true);
    }
    for (const r of second) expect(exclude.has(r.paperId)).toBe(false);
    // The papers after the excluded ones are the same ones, in the same order.
    expect(second.slice(0, 5).map((r) => r.paperId)).toEqual(first.slice(5).map((r) => r.paperId));
  });

  it('ranks best first and answers the same way twice (and from a fresh recommender)', () => {
    const signals = core(topic('autonomous driving'), 4).map(save);
    const a = rec.recommend(signals, { limit: 8, now });
    const b = rec.recommend([...signals].reverse(), { limit: 8, now });
    const c = createRecommender(corpus).recommend(signals, { limit: 8, now });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    for (let i = 1; i < a.length; i++) expect(a[i - 1]!.score).toBeGreaterThanOrEqual(a[i]!.score);
  });

  it('counts a vote like a save, and a paper signalled twice once', () => {
    const papers = core(topic('gaussian splatting'), 3);
    const saves = papers.map(save);
    const mixed: ReaderSignal[] = [...saves, { ...saves[0]!, kind: 'vote' }, { paperId: papers[1]!.id, kind: 'vote', at: '2026-08-09T00:00:00Z' }];
    expect(rec.recommend(mixed, { limit: 5, now })).toEqual(rec.recommend(saves, { limit: 5, now }));
  });

  it('works with no signals: fresh, upvoted papers, no "like"', () => {
    const top = rec.recommend([], { limit: 5, now });
    expect(top).toHaveLength(5);
    for (const r of top) expect(r.like).toBeUndefined();
    // Signals the library does not know count as none.
    expect(rec.recommend([{ paperId: 'ffffffffffff', kind: 'save', at: '2026-08-01T00:00:00Z' }], { limit: 5, now })).toEqual(top);
    // The newest day's most upvoted paper is among them.
    const newest = fx.library.papersOn(fx.library.days()[0]!).map((r) => r.paper);
    const best = [...newest].sort((x, y) => (y.upvotes ?? 0) - (x.upvotes ?? 0))[0]!;
    expect(top.map((r) => r.paperId)).toContain(best.id);
  });

  it('with one signal ranks by it', () => {
    const [paper] = core(topic('music'), 1);
    const top = rec.recommend([save(paper!)], { limit: 3, now });
    expect(top).toHaveLength(3);
    for (const r of top) expect(r.like).toBe(paper!.id);
  });

  it('keeps only papers listed since a day', () => {
    const days = fx.library.days();
    const since = days[5]!;
    const saves = core(topic('speech'), 5).map(save);
    const top = rec.recommend(saves, { limit: 5, now, since });
    expect(top.length).toBeGreaterThan(0);
    for (const r of top) expect(fx.library.get(r.paperId)!.appearances[0]!.date >= since).toBe(true);
    // A day after the newest leaves nothing.
    expect(rec.recommend(saves, { limit: 5, now, since: '2099-01-01' })).toEqual([]);
    expect(() => rec.recommend(saves, { limit: 5, now, since: 'last week' })).toThrow(/YYYY-MM-DD/);
  });

  it('answers a limit of 0 or beyond the library', () => {
    const saves = core(topic('medical'), 3).map(save);
    expect(rec.recommend(saves, { limit: 0, now })).toEqual([]);
    const all = rec.recommend(saves, { limit: 1_000_000, now });
    expect(all).toHaveLength(fx.papers.length - 3);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(new Set(all.map((r) => r.paperId)).size).toBe(all.length);
  });

  it('sees papers added to the library when the corpus version changes, or after invalidate()', () => {
    const held = fx.papers.slice(0, 300);
    let version = 1;
    const live = createRecommender({ papers: () => held, get: (id) => fx.library.get(id), version: () => version });
    const newcomer = fx.papers.filter((p) => coreOf(p, topic('music'))).find((p) => !held.includes(p))!;
    const reader = held.filter((p) => onTopic(p, topic('music'))).slice(0, 3);
    expect(reader.length).toBeGreaterThan(0);
    const before = live.recommend(reader.map(save), { limit: 300, now });
    expect(before.map((r) => r.paperId)).not.toContain(newcomer.id);
    held.push(newcomer);
    version++;
    expect(live.recommend(reader.map(save), { limit: 300, now }).map((r) => r.paperId)).toContain(newcomer.id);

    const manual = fx.papers.slice(0, 200);
    const plain = createRecommender({ papers: () => manual, get: (id) => fx.library.get(id) });
    expect(plain.stats().papers).toBe(200);
    manual.push(newcomer);
    expect(plain.stats().papers).toBe(200);
    plain.invalidate();
    expect(plain.stats().papers).toBe(201);
  });

  it('prepares a new library version in the background, answering from the old one meanwhile', async () => {
    const held = fx.papers.slice(0, 1200);
    let version = 1;
    const live = createRecommender({ papers: () => held, get: (id) => fx.library.get(id), version: () => version });
    expect((await live.prepare()).papers).toBe(1200);
    const reader = core(topic('medical'), 3).map(save);
    held.push(...fx.papers.slice(1200, 1500));
    version++;
    const building = live.prepare();
    // The build pauses every few hundred papers; until it ends, answers come from the 1,200 papers.
    const meanwhile = live.recommend(reader, { limit: 2000, now });
    expect(meanwhile.length).toBeLessThanOrEqual(1200);
    expect(live.prepare()).toBe(building);
    expect((await building).papers).toBe(1500);
    expect(live.recommend(reader, { limit: 2000, now }).length).toBe(1500 - reader.length);
    // Up to date: resolves at once with the same figures.
    expect((await live.prepare()).papers).toBe(1500);
  });

  it('reports what its vectors hold', () => {
    const stats = rec.stats();
    expect(stats.papers).toBe(fx.papers.length);
    expect(stats.vocabulary).toBeGreaterThan(1000);
    expect(stats.vectorBytes).toBeGreaterThan(0);
  });
});
