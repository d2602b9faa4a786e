import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { watchChanges } from '../../src/posts/watch-alerts.js';
import { parseActionId, paperActionId, type PaperActionKind } from '../../src/conversation/actions.js';
import { UPVOTE_MARKS, WatchSeenSchema, type WatchSeen } from '../../src/store/store.js';

// What a watch tells, for any run of looks at a paper: each look names a
// change once, by a key of a known form (which the store claims once per
// watch, so a count that drops and grows back is not told again), and a state
// seen again is quiet.

const count = fc.option(fc.nat({ max: 120 }), { nil: null });
const url = fc.option(fc.constantFrom('https://github.com/a/b', 'https://x.example/'), { nil: null });
const seen: fc.Arbitrary<WatchSeen> = fc.record({
  githubRepo: url,
  projectPage: url,
  models: count,
  datasets: count,
  spaces: count,
  inDaily: fc.boolean(),
  upvoteMark: fc.constantFrom(0, ...UPVOTE_MARKS),
});

/** The state the next look records: what was seen once stays seen (as the checker folds it). */
function fold(before: WatchSeen, look: WatchSeen): WatchSeen {
  return {
    githubRepo: before.githubRepo ?? look.githubRepo,
    projectPage: before.projectPage ?? look.projectPage,
    models: look.models ?? before.models,
    datasets: look.datasets ?? before.datasets,
    spaces: look.spaces ?? before.spaces,
    inDaily: before.inDaily || look.inDaily,
    upvoteMark: Math.max(before.upvoteMark, look.upvoteMark),
  };
}

describe('watch changes, over any run of looks', () => {
  it('names each change once per look by a known key, a state seen again tells nothing, and headings are short', () => {
    fc.assert(
      fc.property(seen, fc.array(seen, { maxLength: 12 }), (first, looks) => {
        let state = WatchSeenSchema.parse(first);
        const told = new Set<string>();
        for (const look of looks) {
          const next = fold(state, look);
          const changes = watchChanges(state, next);
          expect(watchChanges(next, next)).toEqual([]);
          for (const c of changes) {
            expect(c.key.length).toBeLessThanOrEqual(100);
            expect(c.what.length).toBeLessThanOrEqual(200);
            told.add(c.key);
          }
          expect(new Set(changes.map((c) => c.key)).size).toBe(changes.length);
          state = next;
        }
        for (const key of told) expect(key).toMatch(/^(?:github|project|daily|(?:models|datasets|spaces):\d+|upvotes:(?:10|50|100))$/);
      }),
    );
  });

  it('reads back every paper action id it makes, and nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom<PaperActionKind>('abstract', 'cite', 'related', 'watch'), fc.stringMatching(/^[0-9a-f]{12}$/), fc.string({ maxLength: 30 }), (kind, id, junk) => {
        expect(parseActionId(paperActionId(kind, id))).toEqual({ kind, paperId: id });
        const parsed = parseActionId(junk);
        if (parsed !== undefined) expect(junk).toMatch(/^(?:(?:abs|cite|rel|watch):[0-9a-f]{12}|page:\d{1,4})$/);
      }),
    );
  });
});
