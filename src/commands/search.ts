import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { emptyLibrary, toSummary } from './paper-views.js';

/** The longest query we search for; longer text is cut, with a note. */
export const MAX_QUERY_LENGTH = 200;

/**
 * `/paper <words> [page N]`: ranked, typo- and prefix-tolerant search. Any
 * text no other command claims is a search, so it comes last in the registry.
 */
export const search = defineCommand({
  schema: z.object({
    kind: z.literal('search'),
    query: z.string().min(1).max(MAX_QUERY_LENGTH),
    /** Pages a user can ask for; beyond the last page they get the last page. */
    page: z.coerce.number().int().min(1).max(1000),
  }),
  help: [
    { usage: '/paper <words>', description: 'search titles and abstracts (typos and word starts are fine)' },
    { usage: '/paper <words> page 2', description: 'the next page of results' },
  ],
  parse: (text, notes) => {
    let query = text;
    let page = 1;
    const paged = /^(.*\S)\s+(?:page|p)\s*(\d{1,6})$/i.exec(query);
    if (paged) {
      query = paged[1]!;
      page = Math.min(Number(paged[2]), 1000) || 1;
    }
    if (query.length > MAX_QUERY_LENGTH) {
      const cut = query.slice(0, MAX_QUERY_LENGTH);
      const space = cut.lastIndexOf(' ');
      // Cut at a word if one is near, and never inside a surrogate pair (emoji).
      query = (space > MAX_QUERY_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\ud800-\udbff]$/, '').trim();
      notes.push(`Your query was ${text.length.toLocaleString('en-US')} characters; I searched for its first ${query.length}.`);
    }
    return { kind: 'search' as const, query, page };
  },
  answer: ({ command, deps, notes }) => {
    const { library } = deps;
    if (library.size === 0) return emptyLibrary(notes);
    const page = library.search(command.query, { page: command.page });
    if (page.terms.length === 0) {
      return {
        kind: 'no-results',
        query: command.query,
        suggestions: [],
        notes: [...notes, 'That query has no searchable words (only very common words or symbols).'],
      };
    }
    if (page.total === 0) return { kind: 'no-results', query: command.query, suggestions: library.suggest(command.query), notes };
    if (command.page > page.pageCount) notes.push(`There are only ${page.pageCount} pages; here is the last.`);
    return {
      kind: 'results',
      query: command.query,
      page: page.page,
      pageCount: page.pageCount,
      pageSize: page.pageSize,
      total: page.total,
      hits: page.hits.map((h) => ({ ...toSummary(h.paper), snippet: h.snippet })),
      notes,
    };
  },
});
