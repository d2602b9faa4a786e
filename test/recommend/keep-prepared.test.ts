import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/ops/logger.js';
import { keepPrepared } from '../../src/recommend/keep-prepared.js';
import type { RecommenderStats } from '../../src/recommend/recommender.js';

const stats: RecommenderStats = { papers: 3, vocabulary: 10, vectorBytes: 100, buildMs: 1, cachedReaders: 0 };
const logger = createLogger({ level: 'silent' });

describe('keepPrepared: the for-you vectors are built before the first foryou', () => {
  it('builds once on the next turn of the event loop (not inside the call), then once per run of changes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const prepare = vi.fn(async () => stats);
      const kept = keepPrepared({ prepare }, logger, { debounceMs: 1000 });
      // Nothing in the caller's turn: the bot's first answer is not delayed.
      expect(prepare).not.toHaveBeenCalled();
      await new Promise((r) => setImmediate(r));
      await Promise.resolve();
      expect(prepare).toHaveBeenCalledTimes(1);
      // A backfill's days: one build after they stop arriving.
      kept.changed();
      await vi.advanceTimersByTimeAsync(600);
      kept.changed();
      await vi.advanceTimersByTimeAsync(600);
      expect(prepare).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(400);
      expect(prepare).toHaveBeenCalledTimes(2);
      // Stopped (shutdown): no build after.
      kept.changed();
      kept.stop();
      await vi.advanceTimersByTimeAsync(2000);
      expect(prepare).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('builds nothing while nobody has saved or voted, and keeps building once someone has', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const prepare = vi.fn(async () => stats);
      let signals = false;
      const kept = keepPrepared({ prepare }, logger, { debounceMs: 1000, wanted: async () => signals });
      await new Promise((r) => setImmediate(r));
      await Promise.resolve();
      kept.changed();
      await vi.advanceTimersByTimeAsync(1000);
      expect(prepare).not.toHaveBeenCalled();
      signals = true;
      kept.changed();
      await vi.advanceTimersByTimeAsync(1000);
      expect(prepare).toHaveBeenCalledTimes(1);
      // Built once: new papers rebuild them even if every save was forgotten since.
      signals = false;
      kept.changed();
      await vi.advanceTimersByTimeAsync(1000);
      expect(prepare).toHaveBeenCalledTimes(2);
      kept.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failed build is warned about, not thrown', async () => {
    const lines: string[] = [];
    const prepare = vi.fn(async (): Promise<RecommenderStats> => {
      throw new Error('boom');
    });
    keepPrepared({ prepare }, createLogger({ level: 'warn', write: (l) => lines.push(l) }));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(lines.join('\n')).toContain('building the vectors failed (boom)');
  });
});
