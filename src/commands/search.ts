import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { emptyLibrary, toSummary } from './paper-views.js';

/** The longest query we search for; longer text is cut, with a note. */
export const MAX_QUERY_LENGTH = 200;
/** Quote marks that open and close a quoted query, as typed on any keyboard or phone. */
const QUOTE_PAIRS = new Set(['""', '“”', '””', '“"', "''", '‘’', '’’', '«»']);
/** The highest page a user can ask for (results stop at 50 anyway). */
const MAX_PAGE = 1000;

/**
 * `/paper <words> [page N]`: ranked, typo- and prefix-tolerant search. Any
 * text no other command claims is a search, so it comes last in the registry.
 */
export const search = defineCommand({
  schema: z.object({
    kind: z.literal('search'),
    query: z.string().min(1).max(MAX_QUERY_LENGTH),
    /** Pages a user can ask for; beyond the last page they get the last page. */
    page: z.coerce.number().int().min(1).max(MAX_PAGE),
  }),
  help: [
    { usage: '/paper <words>', description: 'search titles and abstracts (typos and word starts are fine)' },
    { usage: '/paper <words> page 2', description: 'the next page of results' },
    { usage: '/paper "<words>"', description: 'search words that begin like a command ("follow ups", "related work")' },
  ],
  parse: (text, notes) => {
    let query = text;
    let page = 1;
    // Any whole number after "page" is a page, so "page -1" or "page 99999999"
    // is not searched as words: below 1 is page 1, and past the last page the
    // answer gives the last one and says so.
    const paged = /^(.*\S)\s+(?:page|p)\s*([-+\u2212]?\d+)$/i.exec(query);
    if (paged) {
      query = paged[1]!;
      const n = Number(paged[2]!.replace('\u2212', '-'));
      if (n < 1) notes.push('Pages are numbered from 1; here is page 1.');
      page = Math.min(Math.max(n, 1), MAX_PAGE);
    }
    // Quotes make words that begin like a command a search: "follow ups", “related work”.
    const quoted = /^(["“”'‘’«])(.*\S.*)(["“”'‘’»])$/.exec(query);
    if (quoted && QUOTE_PAIRS.has(quoted[1]! + quoted[3]!)) query = quoted[2]!.trim();
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
