import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import type { LiveSourceState } from '../../src/commands/freshness.js';
import { sampleLibrary } from '../helpers/sample.js';

// The sample library's newest day is 2026-04-21.
const at = (iso: string, liveSource?: () => LiveSourceState) => createPaperBot(sampleLibrary(), { now: () => new Date(iso), liveSource });

describe('old papers are flagged in today and week', () => {
  it('says nothing while the newest day is at most two days old', async () => {
    for (const iso of ['2026-04-21T08:00:00Z', '2026-04-23T23:59:00Z']) {
      expect(await at(iso).answer('today')).toMatchObject({ kind: 'today', notes: [] });
      expect(await at(iso).answer('week')).toMatchObject({ kind: 'list', notes: [] });
    }
  });

  it('says how old the newest day is, and why, from the live source state', async () => {
    const cases: [LiveSourceState | undefined, string][] = [
      [undefined, 'no live source is configured'],
      [{ state: 'off' }, 'the Hugging Face live source is off (HF_API=off)'],
      [{ state: 'unreachable', reason: 'HTTP 503' }, 'Hugging Face cannot be reached (HTTP 503)'],
      [{ state: 'fetching' }, 'still being fetched from Hugging Face'],
      [{ state: 'current' }, 'Hugging Face has listed no papers since'],
    ];
    for (const [state, why] of cases) {
      const bot = at('2026-11-27T10:00:00Z', state && (() => state));
      for (const text of ['today', 'week']) {
        const reply = await bot.answer(text);
        expect(reply.notes).toEqual([expect.stringContaining('the newest day here is 2026-04-21, 220 days ago, because')]);
        expect(reply.notes[0]).toContain(why);
      }
    }
  });

  it('reads the state at each answer, not once', async () => {
    let state: LiveSourceState = { state: 'fetching' };
    const bot = at('2026-04-25T10:00:00Z', () => state);
    expect((await bot.answer('today')).notes[0]).toContain('4 days ago, because the latest days are still being fetched');
    state = { state: 'unreachable', reason: 'cannot connect (ECONNREFUSED)' };
    expect((await bot.answer('today')).notes[0]).toContain('Hugging Face cannot be reached (cannot connect (ECONNREFUSED))');
  });
});
