import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { search } from './search.js';

/**
 * `/paper more`: the next page of the last search this person saw here. The
 * core remembers it with the numbered list, so page 2's results are 6 to 10
 * for `more`, `abstract 6` and `cite 6` alike.
 */
export const more = defineCommand({
  schema: z.object({ kind: z.literal('more') }),
  help: [{ usage: '/paper more', description: 'the next page of your last search here' }],
  parse: (text) => (/^more$/i.test(text) ? { kind: 'more' as const } : undefined),
  answer: (input) => {
    const { context, deps, notes } = input;
    const last = deps.recentLists?.lastSearch(context);
    if (!last) return { kind: 'error', message: '"more" continues a search; search first.', notes };
    if (last.page >= last.pageCount) return { kind: 'error', message: 'That was the last page.', notes };
    return search.answer({ ...input, command: { kind: 'search', query: last.query, page: last.page + 1 } });
  },
});
