import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { renderText } from '../../adapters/console/render-text.js';
import { createPaperBot } from '../../src/commands/answer.js';
import { LIVE_SOURCE } from '../../src/library/paper.js';
import { sampleLibrary } from '../helpers/sample.js';

/** Feeds lines to a console adapter and returns everything it printed. */
async function chat(lines: string[], library = sampleLibrary()): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const adapter = createConsoleAdapter({ bot: createPaperBot(library, { rng: () => 0 }), input, output, interactive: false });
  await adapter.start();
  input.end(lines.map((l) => `${l}\n`).join(''));
  await adapter.finished;
  return printed;
}

describe('console adapter', () => {
  it('answers a search and shows an abstract as an indented follow-up', async () => {
    const out = await chat(['/paper sparse autoencoders', 'abstract 2']);
    expect(out).toContain('Results for "sparse autoencoders": 7 matches, page 1 of 2');
    expect(out).toMatch(/ 2\. Towards Principled Evaluations of Sparse Autoencoders/);
    expect(out).toContain('Apr 21, 2026 · #1 trending');
    // The heading wraps at 80 columns: the title continues on the next line, under the abstract's indent.
    expect(out).toMatch(/\n {4}↳ Abstract of "Towards Principled Evaluations[^"]*"\n {6}Disentangling model activations/);
  });

  it('says when there is no more to page to (paging itself is the adapter contract’s)', async () => {
    const out = await chat(['sparse autoencoders', 'more', 'more']);
    expect(out).toContain('That was the last page.');
  });

  it('helps with a wrong abstract number or no search yet (the core’s words, as on every platform)', async () => {
    expect(await chat(['abstract 1'])).toMatch(/Search\s+first/);
    expect(await chat(['today', 'abstract 9'])).toMatch(/There is no result 9: your last list here showed papers 1 to\s+5; pick\s+one\s+of\s+those/);
  });

  it('does what a card’s tip says: "cite" and "related" alone mean its paper', async () => {
    const library = sampleLibrary();
    library.addListing({
      date: '2026-04-22',
      source: LIVE_SOURCE,
      papers: [{ title: 'Quokka: Query-Oriented Kernel Attention', abstract: 'Kernel attention for long contexts.', rank: 1, meta: { arxivId: '2511.04570', authors: ['Wen Li'], publishedAt: '2025-11-06', upvotes: 12 } }],
    });
    const out = await chat(['2511.04570', 'cite', 'related'], library);
    expect(out).toContain('Type "abstract", "save 1", "cite", "related" or "watch 1" for this paper.');
    expect(out).toContain('BibTeX for "Quokka: Query-Oriented Kernel Attention":');
    expect(out).toMatch(/Related to “Quokka: Query-Oriented Kernel Attention”|Nothing in the library is close to “Quokka/);
    expect(out).not.toContain('Sorry');
  });

  it('keeps the numbers of every page of a search: "abstract 1" after "more" is still page 1’s first', async () => {
    const out = await chat(['network', 'more', 'more', 'abstract 7', 'abstract 1']);
    const title = (n: number) => new RegExp(`\\n ?${n}\\. ([^\\n]+)`).exec(out)![1]!;
    expect(out).not.toContain('Sorry');
    expect(out).toContain(`↳ Abstract of "${title(7).slice(0, 40)}`);
    expect(out).toContain(`↳ Abstract of "${title(1).slice(0, 40)}`);
  });

  it('shows the abstract of a random paper with a bare "abstract"', async () => {
    const out = await chat(['random', 'abstract']);
    expect(out).toContain('A random paper: Towards Principled Evaluations');
    expect(out).toContain('↳ Abstract of');
  });

  it('stops at "quit" and ignores what follows', async () => {
    const out = await chat(['help', 'quit', 'today']);
    expect(out).toContain('paperbot: search the Hugging Face Daily Papers digests.');
    expect(out).not.toContain('Top trending papers');
  });

  it('prints a daily post with its abstract', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c: Buffer) => (printed += c.toString()));
    const bot = createPaperBot(sampleLibrary());
    const adapter = createConsoleAdapter({ bot, input: new PassThrough(), output, interactive: false });
    const view = (await bot.view(sampleLibrary().today(1)!.papers[0]!.paper.id))!;
    await adapter.postPaper('console', view);
    expect(printed).toContain('[daily paper for #console]');
    expect(printed).toContain('↳ Abstract of');
  });
});

describe('plain-text rendering', () => {
  it('strips terminal escape sequences from digest and user text', async () => {
    const text = renderText({ kind: 'no-results', query: 'evil\u001b[2J\u0007', suggestions: [], notes: [] });
    expect(text).not.toMatch(/[\u001b\u0007]/);
    expect(text).toContain('No papers match "evil[2J".');
  });
});
