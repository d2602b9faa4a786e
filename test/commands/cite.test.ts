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
    // Alone, "cite" means the only paper shown; with none shown it asks for one.
    expect(await b.answer('cite', alice)).toMatchObject({ kind: 'error', message: 'Which paper? Search first, then say "cite N" for result N, or give a paper id or an arXiv id.' });
    expect(await b.answer('cite 2599.99999', alice)).toMatchObject({ kind: 'error', message: 'No paper with arXiv id 2599.99999 in the library yet.' });
    expect(await b.answer('cite zzzzqqqq', alice)).toMatchObject({ kind: 'no-results' });
    // 10 kB of words is cut like any search, and answered (here: the best match of "channel").
    expect(await b.answer(`cite <!channel> ${'x'.repeat(10_000)}`, alice)).toMatchObject({ kind: expect.stringMatching(/^(citation|no-results)$/) });
  });

  it('reads any whole number as a result number, never as search words, and says there is no such result', async () => {
    const b = bot();
    await b.answer('sparse autoencoders', alice);
    // These used to search for "abstract 100" and the like, or cite the best match of "100".
    for (const [text, n] of [
      ['abstract 100', '100'],
      ['abstract 99999999999999999999', '99999999999999999999'],
      ['abstract -1', '-1'],
      ['abstract 0', '0'],
      ['cite 100', '100'],
      ['cite result 100', '100'],
      ['related 100', '100'],
    ]) {
      expect(await b.answer(text!, alice), text).toMatchObject({ kind: 'error', message: `There is no result ${n}: your last list here showed papers 1 to 5; pick one of those, or give a paper id or an arXiv id.` });
    }
    expect(await b.answer('abstract 100', { channel: 'slack:C1', user: 'UBOB' })).toMatchObject({ kind: 'error', message: expect.stringContaining('“100” means result 100 of your last search here, and I have none') });
    // Twelve decimal digits are still a paper id; words are still a search.
    expect(await b.answer('abstract 123456789012', alice)).toMatchObject({ kind: 'error', message: expect.stringContaining('No paper with id 123456789012') });
    expect(await b.answer('cite quokka kernel', alice)).toMatchObject({ kind: 'citation', paper: { title: 'Quokka: Query-Oriented Kernel Attention' } });
  });

  it('keeps one numbering across the pages of a search, and starts afresh with another list', async () => {
    const b = bot();
    const pages = [await b.answer('network', alice), await b.answer('more', alice), await b.answer('more', alice)];
    const hit = (page: number, i: number) => (pages[page]!.kind === 'results' ? pages[page]!.hits[i]! : undefined)!;
    expect(pages.map((p) => p.kind === 'results' && p.page)).toEqual([1, 2, 3]);
    // Results seen on earlier pages can still be named, by the numbers they were shown with.
    expect(await b.answer('abstract 7', alice)).toMatchObject({ kind: 'abstract', paper: { id: hit(1, 1).id } });
    expect(await b.answer('cite 1', alice)).toMatchObject({ kind: 'citation', paper: { id: hit(0, 0).id } });
    expect(await b.answer('abstract 12', alice)).toMatchObject({ kind: 'abstract', paper: { id: hit(2, 1).id } });
    expect(await b.answer('abstract 16', alice)).toMatchObject({ kind: 'error', message: expect.stringContaining('your last list here showed papers 1 to 15;') });
    // A page asked for by number joins too; what was not seen is said as it is.
    await b.answer('sparse autoencoders', alice);
    await b.answer('network page 3', alice);
    expect(await b.answer('abstract 1', alice)).toMatchObject({ kind: 'error', message: expect.stringContaining('your last list here showed papers 11 to 15;') });
    await b.answer('network', alice);
    expect(await b.answer('abstract 7', alice)).toMatchObject({ kind: 'error', message: expect.stringContaining('your last list here showed papers 1 to 5 and 11 to 15;') });
    // Another person in the channel has their own list.
    expect(await b.answer('abstract 1', { channel: 'slack:C1', user: 'UBOB' })).toMatchObject({ kind: 'error', message: expect.stringContaining('Search first') });
    // Another list starts afresh (today here is one paper, the live one).
    await b.answer('today', alice);
    expect(await b.answer('abstract 11', alice)).toMatchObject({ kind: 'error', message: expect.stringContaining('your last list here showed paper 1;') });
  });

  it('cites, or finds papers related to, the only paper shown when given none, as a bare abstract does', async () => {
    const b = bot();
    const card = await b.answer('2511.04570', alice);
    expect(card).toMatchObject({ kind: 'card', cards: [{ title: 'Quokka: Query-Oriented Kernel Attention' }] });
    expect(await b.answer('cite', alice)).toMatchObject({ kind: 'citation', paper: { title: 'Quokka: Query-Oriented Kernel Attention' } });
    expect(await b.answer('bibtex', alice)).toMatchObject({ kind: 'citation', paper: { title: 'Quokka: Query-Oriented Kernel Attention' } });
    expect(await b.answer('related', alice)).toMatchObject({ title: expect.stringContaining('“Quokka: Query-Oriented Kernel Attention”') });
    // With several papers shown, it asks which one, in its own words.
    await b.answer('sparse autoencoders', alice);
    expect(await b.answer('cite', alice)).toMatchObject({ kind: 'error', message: 'Which paper? Your last list here showed papers 1 to 5: say "cite N" for paper N, e.g. "cite 1".' });
    expect(await b.answer('related', alice)).toMatchObject({ kind: 'error', message: 'Which paper? Your last list here showed papers 1 to 5: say "related N" for paper N, e.g. "related 1".' });
  });
});
