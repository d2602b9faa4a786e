import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import type { PaperView, Reply, ReplyKind } from '../../src/commands/reply.js';
import { replyActions } from '../../src/conversation/actions.js';
import { STALE_ACTION } from '../../src/conversation/handle.js';
import { visibilityOf } from '../../src/conversation/visibility.js';
import { sampleLibrary } from '../helpers/sample.js';

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
  card: { kind: 'card', cards: [{ ...paper, asked: 'https://arxiv.org/abs/2509.24006' }], notes: [] },
  abstract: { kind: 'abstract', paper, notes: [] },
  list: { kind: 'list', title: 'New papers', hits: [paper], more: 'and 2 more', notes: [] },
  citation: { kind: 'citation', paper, bibtex: '@misc{x}', notes: [] },
  saved: { kind: 'saved', page: 1, pageCount: 1, pageSize: 5, total: 1, hits: [paper], notes: [] },
  bibtex: { kind: 'bibtex', title: 'Your reading list', filename: 'reading-list.bib', bibtex: '@misc{x}', count: 1, notes: [] },
  'no-results': { kind: 'no-results', query: 'q', suggestions: [], notes: [] },
  help: { kind: 'help', entries: [], library: { papers: 1, digests: 1 }, notes: [] },
  info: { kind: 'info', title: 'Subscribed', lines: [], notes: [] },
  refused: { kind: 'refused', message: 'No.', notes: [] },
  error: { kind: 'error', message: 'Oops.', notes: [] },
} satisfies { [K in ReplyKind]: Extract<Reply, { kind: K }> };

/** Who sees each kind, decided once for every platform (Slack and Discord used to disagree on `info`). */
const SHARED_WITH_RESULTS: ReplyKind[] = ['results', 'today', 'list', 'paper', 'card'];

describe('the core decides who sees a reply', () => {
  it.each([false, true])('lists and papers follow the results setting, the rest is for the asker (share results: %s)', (share) => {
    for (const reply of Object.values(replies) as Reply[]) {
      expect([reply.kind, visibilityOf(reply, share)]).toEqual([reply.kind, SHARED_WITH_RESULTS.includes(reply.kind) && share ? 'public' : 'asker']);
    }
    // A list made for one reader (foryou) is theirs alone, whatever the channel shows.
    expect(visibilityOf({ ...replies.list, personal: true }, share)).toBe('asker');
  });

  it('numbers every paper a reply shows, page 2 of a search from 6, and gives each its four action ids', () => {
    const page2 = { ...replies.results, page: 2, pageCount: 2, hits: [paper, { ...paper, id: 'ba9876543210' }] };
    const { papers, paging } = replyActions(page2);
    expect(papers.map((p) => p.n)).toEqual([6, 7]);
    expect(papers[0]!.actions.map((a) => a.id)).toEqual(['abs:0123456789ab', 'save:0123456789ab', 'cite:0123456789ab', 'rel:0123456789ab', 'watch:0123456789ab']);
    expect(paging).toMatchObject({ previous: { id: 'page:1', disabled: false }, next: { id: 'page:3', disabled: true } });
    for (const reply of Object.values(replies) as Reply[]) expect(replyActions(reply).papers.length).toBe([...SHARED_WITH_RESULTS, 'saved'].includes(reply.kind) ? 1 : 0);
  });
});

describe('the one inbound entry point', () => {
  const context = { channel: 'test:room-1', user: 'u1' };
  const bot = () => createPaperBot(sampleLibrary(), { rng: () => 0 });

  it('answers cite and related actions only to the asker, and a page action in place of its message', async () => {
    const b = bot();
    const first = await b.handle({ kind: 'command', text: 'sparse autoencoders', context, shareResults: true });
    expect(first).toMatchObject({ placement: 'reply', visibility: 'public', reply: { kind: 'results' } });
    const [top] = replyActions(first.reply).papers;
    const id = (kind: string) => top!.actions.find((a) => a.kind === kind)!.id;
    const related = await b.handle({ kind: 'action', id: id('related'), context, shareResults: true });
    expect(related).toMatchObject({ visibility: 'asker', placement: 'reply', reply: { kind: 'list' } });
    const cite = await b.handle({ kind: 'action', id: id('cite'), context, shareResults: true });
    expect(cite).toMatchObject({ visibility: 'asker', reply: { kind: 'citation', paper: { id: top!.paper.id } } });
    const page = await b.handle({ kind: 'action', id: 'page:2', query: 'sparse autoencoders', context, shareResults: true });
    expect(page).toMatchObject({ placement: 'replace', reply: { kind: 'results', page: 2 } });
  });

  it('puts an abstract in the thread of a message that can have one, and answers it to the asker elsewhere', async () => {
    const b = bot();
    const first = await b.handle({ kind: 'command', text: 'sparse autoencoders', context });
    const abs = replyActions(first.reply).papers[0]!.actions[0]!.id;
    expect(await b.handle({ kind: 'action', id: abs, context, threadable: true })).toMatchObject({ placement: 'thread', visibility: 'public', reply: { kind: 'abstract' } });
    expect(await b.handle({ kind: 'action', id: abs, context })).toMatchObject({ placement: 'reply', visibility: 'asker', reply: { kind: 'abstract' } });
  });

  it('reads "abstract N" in a thread against the papers of the thread’s message, resolved only when asked', async () => {
    const b = bot();
    const shown = await b.handle({ kind: 'command', text: 'sparse autoencoders page 2', context: { channel: 'test:room-2', user: 'searcher' } });
    const sixth = replyActions(shown.reply).papers[0]!;
    let asked = 0;
    const threadPapers = async () => (asked++, new Map([[sixth.n, sixth.paper.id]]));
    const search = await b.handle({ kind: 'mention', text: 'quantiz', context: { ...context, threadPapers }, threadable: true });
    expect([search.reply.kind, asked]).toEqual(['results', 0]);
    const other = { channel: 'test:room-2', user: 'someone-else', threadPapers };
    expect(await b.handle({ kind: 'mention', text: 'abstract 6', context: other, threadable: true })).toMatchObject({ placement: 'thread', reply: { kind: 'abstract', paper: { id: sixth.paper.id } } });
    expect(asked).toBe(1);
  });

  it('asks whether the user may manage the channel only for a command that needs it', async () => {
    const b = bot();
    let asked = 0;
    const canManageChannel = async () => (asked++, false);
    await b.handle({ kind: 'command', text: 'sparse autoencoders', context: { ...context, canManageChannel } });
    expect(asked).toBe(0);
    expect((await b.handle({ kind: 'command', text: 'unsubscribe', context: { ...context, canManageChannel } })).reply.kind).toMatch(/refused|error/);
  });

  it('says an unknown or forged action id is out of date', async () => {
    for (const id of ['abs:../../etc', 'stale', 'page:x']) {
      expect(await bot().handle({ kind: 'action', id, context })).toMatchObject({ visibility: 'asker', reply: { kind: 'error', message: STALE_ACTION } });
    }
  });
});
