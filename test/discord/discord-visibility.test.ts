import { describe, expect, it } from 'vitest';
import { renderReply } from '../../adapters/discord/render.js';
import { isEphemeral } from '../../adapters/discord/visibility.js';
import type { PaperView, Reply, ReplyKind } from '../../src/commands/reply.js';

const paper: PaperView = {
  id: '0123456789ab',
  title: 'A Paper',
  date: '2026-04-21',
  rank: 1,
  snippet: 'A snippet.',
  digestCount: 1,
  abstract: 'An abstract.',
  links: [{ label: 'Find on arXiv', url: 'https://arxiv.org/search/?query=A+Paper' }],
};

/** One reply of every kind; `satisfies` makes adding a kind without a case here a type error. */
const replies = {
  results: { kind: 'results', query: 'q', page: 1, pageCount: 1, pageSize: 5, total: 1, hits: [paper], notes: [] },
  today: { kind: 'today', date: '2026-04-21', hits: [paper], notes: [] },
  paper: { kind: 'paper', heading: 'Random paper', paper, notes: [] },
  abstract: { kind: 'abstract', paper, notes: [] },
  list: { kind: 'list', title: 'New papers', hits: [paper], more: 'and 2 more', notes: [] },
  citation: { kind: 'citation', paper, bibtex: '@misc{x}', notes: [] },
  'no-results': { kind: 'no-results', query: 'q', suggestions: [], notes: [] },
  help: { kind: 'help', entries: [], library: { papers: 1, digests: 1 }, notes: [] },
  info: { kind: 'info', title: 'Subscribed', lines: [], notes: [] },
  refused: { kind: 'refused', message: 'No.', notes: [] },
  error: { kind: 'error', message: 'Oops.', notes: [] },
} satisfies { [K in ReplyKind]: Extract<Reply, { kind: K }> };

describe('the visibility a Discord deferral is made with', () => {
  it.each([false, true])('agrees with the renderer for every kind of reply (ephemeral results: %s)', (ephemeralResults) => {
    for (const reply of Object.values(replies) as Reply[]) {
      expect([reply.kind, isEphemeral(reply, { ephemeralResults })]).toEqual([reply.kind, renderReply(reply, { ephemeralResults }).ephemeral]);
    }
  });
});
