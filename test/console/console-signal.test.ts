import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { createPaperBot } from '../../src/commands/answer.js';
import type { Store } from '../../src/store/store.js';
import { sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

// The reading list in the console: save after a search, saved, saved bib,
// unsave, top, foryou and forget me, and the list surviving a restart (a new
// process over the same database file).

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

async function chat(store: Store, lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const adapter = createConsoleAdapter({ bot: createPaperBot(sampleLibrary(), { rng: () => 0, store }), input, output, interactive: false });
  await adapter.start();
  input.end(lines.map((l) => `${l}\n`).join(''));
  await adapter.finished;
  return printed;
}

describe('the reading list in the console', () => {
  it('saves after a search, lists, exports, unsaves, ranks, recommends and forgets; the list survives a restart', async () => {
    const file = join(tmp(), 'paperbot.db');
    const first = await chat(openStore(file), ['sparse autoencoders', 'save 2', 'save 1', 'save 2', 'saved', 'top']);
    expect(first).toMatch(/Saved “Towards Principled Evaluations of Sparse Autoencoders/);
    expect(first).toContain('is already on your reading list');
    expect(first).toMatch(/Your reading list: 2 papers, newest first, page 1 of 1 \(only you\s+see it\)/);
    expect(first).toMatch(/The team's top papers, the last 7 days:[\s\S]*\(1 save or reaction\)/);

    const store = openStore(file);
    const second = await chat(store, ['saved', 'saved bib', 'foryou', 'saved', 'unsave 1', 'saved', 'forget me', 'saved']);
    expect(second).toMatch(/Your reading list: 2 papers/);
    expect(second).toMatch(/Your reading list as BibTeX \(2 entries\):\n@misc\{/);
    expect(second).toContain("For you: the week's best, until I know what you like");
    // The console has no reactions: only saves count, and the tip names only the command.
    expect(second.replace(/\s+/g, ' ')).toContain('Note: I pick papers for you from 3 or more saves (2 so far). Save papers you like with /paper save N after a search.');
    expect(second).toMatch(/Removed “[\s\S]+?” from your reading\s+list\./);
    expect(second).toMatch(/Your reading list: 1 paper,/);
    expect(second).toContain('Forgotten: I deleted 1 row about you.');
    expect(second).toContain('Your reading list is empty.');
    expect(second).not.toContain('Sorry');
  });

  it('tells how to save with the command alone, in foryou, top and an empty list: the console has no Save action and no reactions', async () => {
    // Lines wrap at 80 columns here: compare the words.
    const out = (await chat(openStore(), ['foryou', 'top', 'saved'])).replace(/\s+/g, ' ');
    expect(out).toContain('Save papers you like with /paper save N after a search. Meanwhile');
    expect(out).toContain('No saves here in the last 7 days yet. Save papers with /paper save N after a search, and they are counted here.');
    expect(out).toContain('Your reading list is empty. Save a paper with /paper save N after a search (N is its result number).');
    expect(out).not.toMatch(/Save action|react/);
  });
});
