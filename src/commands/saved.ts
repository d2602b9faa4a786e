import { z } from 'zod';
import { bibtexListOf } from '../library/bibtex.js';
import { defineCommand } from './command-module.js';
import { toSummary } from './paper-views.js';
import { readingList } from './reading-list.js';
import { onConsole, signalOwner } from './signal-keys.js';

/** Papers a page of the reading list shows, as a search's page does. */
export const SAVED_PAGE_SIZE = 5;

/** `/paper saved [page]`, `/paper saved bib`: your reading list, newest save first, or all of it as BibTeX. */
export const saved = defineCommand({
  personal: true,
  schema: z.object({ kind: z.literal('saved'), page: z.number().int().min(1).max(1000), bib: z.boolean() }),
  help: [
    { usage: '/paper saved [page]', description: 'your reading list, newest first (only you see it)' },
    { usage: '/paper saved bib', description: 'your whole reading list as BibTeX (a file when it is long)' },
  ],
  parse: (text) => {
    const m = /^(?:saved|reading list|my list)(?:\s+(.*))?$/i.exec(text);
    if (!m) return undefined;
    const arg = (m[1] ?? '').trim().toLowerCase();
    if (arg === '') return { kind: 'saved' as const, page: 1, bib: false };
    if (/^(?:bib|bibtex|cite|citations?)$/.test(arg)) return { kind: 'saved' as const, page: 1, bib: true };
    const page = /^(?:page\s+)?(\d{1,4})$/.exec(arg);
    // Anything else fails the schema: the usage line answers it.
    return { kind: 'saved' as const, page: page ? Number(page[1]) : 0, bib: false };
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    const { papers, gone } = await readingList(who.store, who.person, deps);
    const goneNote = gone === 0 ? [] : [`${gone} saved ${gone === 1 ? 'paper is' : 'papers are'} not in this library any more (/paper unsave all clears the list).`];
    if (papers.length === 0) {
      return {
        kind: 'info',
      personal: true,
        title: 'Your reading list is empty.',
        // The console has no Save action: only the command.
        lines: [`Save a paper with ${onConsole(context.channel) ? '' : 'the Save action under it, or '}/paper save N after a search (N is its result number). Only you see your list.`],
        notes: [...notes, ...goneNote],
      };
    }
    if (command.bib) {
      return {
        kind: 'bibtex',
        title: `Your reading list as BibTeX (${papers.length} ${papers.length === 1 ? 'entry' : 'entries'})`,
        filename: 'reading-list.bib',
        bibtex: bibtexListOf(papers),
        count: papers.length,
        notes: [...notes, ...goneNote],
      };
    }
    const pageCount = Math.ceil(papers.length / SAVED_PAGE_SIZE);
    if (command.page > pageCount) return { kind: 'error', message: `Your reading list has ${pageCount} ${pageCount === 1 ? 'page' : 'pages'}; try /paper saved ${pageCount}.`, notes };
    const start = (command.page - 1) * SAVED_PAGE_SIZE;
    return {
      kind: 'saved',
      page: command.page,
      pageCount,
      pageSize: SAVED_PAGE_SIZE,
      total: papers.length,
      hits: papers.slice(start, start + SAVED_PAGE_SIZE).map(toSummary),
      notes: [...notes, ...goneNote],
    };
  },
});
