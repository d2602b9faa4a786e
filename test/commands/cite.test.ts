import { describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { LIVE_SOURCE } from '../../src/library/paper.js';
import { sampleLibrary } from '../helpers/sample.js';

function bot() {
  const library = sampleLibrary();
  library.addListing({
    date: '2026-04-22',
    source: LIVE_SOURCE,
    papers: [{ title: 'Quokka: Query-Oriented Kernel Attention', abstract: 'Kernel attention for long contexts.', rank: 1, meta: { arxivId: '2511.04570', authors: ['Wen Li', 'Omar Haddad'], publishedAt: '2025-11-06', upvotes: 12 } }],
  });
  return createPaperBot(library);
}
const alice = { channel: 'slack:C1', user: 'UALICE' };

describe('/paper cite', () => {
  it('cites by arXiv id, in any of its spellings, and by paper id', async () => {
    const b = bot();
    for (const ref of ['2511.04570', 'arXiv:2511.04570v3', 'https://arxiv.org/abs/2511.04570', 'https://huggingface.co/papers/2511.04570']) {
      const reply = await b.answer(`cite ${ref}`, alice);
      expect(reply).toMatchObject({ kind: 'citation', bibtex: expect.stringContaining('eprint = {2511.04570}') });
    }
    const reply = await b.answer('cite quokka', alice);
    expect(reply.kind === 'citation' && reply.bibtex.startsWith('@misc{li2025quokka,')).toBe(true);
  });

  it('cites result N of the last list this person saw in this channel', async () => {
    const b = bot();
    const results = await b.answer('sparse autoencoders page 2', alice);
    expect(results).toMatchObject({ kind: 'results', page: 2 });
    const sixth = results.kind === 'results' ? results.hits[0]! : undefined;
    expect(await b.answer('cite 6', alice)).toMatchObject({ kind: 'citation', paper: { id: sixth!.id } });
    // Another person, or another channel, has no list yet.
    expect(await b.answer('cite 6', { channel: 'slack:C1', user: 'UBOB' })).toMatchObject({ kind: 'error', message: expect.stringContaining('Search first') });
    expect(await b.answer('cite 1', alice)).toMatchObject({ kind: 'error', message: expect.stringContaining('showed papers 6 to 7') });
  });

  it('cites a digest paper without an arXiv id, and says the id is unknown', async () => {
    const reply = await bot().answer('cite Towards Principled Evaluations of Sparse Autoencoders', alice);
    expect(reply).toMatchObject({ kind: 'citation', notes: [expect.stringContaining('arXiv id is not known')] });
    expect(reply.kind === 'citation' && reply.bibtex).toContain('note = {arXiv identifier unknown}');
  });

  it('answers a missing, unknown or hopeless reference clearly', async () => {
    const b = bot();
    expect(await b.answer('cite', alice)).toMatchObject({ kind: 'error', message: expect.stringContaining('Usage: /paper cite <result N | paper id | arXiv id | words>') });
    expect(await b.answer('cite 2599.99999', alice)).toMatchObject({ kind: 'error', message: 'No paper with arXiv id 2599.99999 in the library yet.' });
    expect(await b.answer('cite zzzzqqqq', alice)).toMatchObject({ kind: 'no-results' });
    // 10 kB of words is cut like any search, and answered (here: the best match of "channel").
    expect(await b.answer(`cite <!channel> ${'x'.repeat(10_000)}`, alice)).toMatchObject({ kind: expect.stringMatching(/^(citation|no-results)$/) });
  });
});
