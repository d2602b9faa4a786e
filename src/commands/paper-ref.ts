import { parsePaperLink } from '../links/paper-links.js';
import type { Paper } from '../library/paper.js';
import type { BotDeps, CommandContext } from './command-module.js';
import { missingPaper } from './paper-views.js';
import type { Reply } from './reply.js';

// How a command names a paper: `<result N | paper id | arXiv id | words>`.
// "Result N" is the paper shown as number N in the last list this person was
// shown in this channel (results, today, ...; page 2 of a search starts at 6,
// and the pages of one search seen one after another keep one numbering, so
// result 2 still names page 1's second paper after "more"): the bot remembers
// each person's last list per channel, in memory and bounded. In a thread, N
// is the paper N of the message the thread is on. Any whole number is a
// result number, so "abstract 100" says there is no result 100 instead of
// searching. Words mean the best match of that search.

/** A parsed reference to a paper. */
export type PaperRef =
  /** `text` is the number as typed, for answers (20 digits are not a safe integer). */
  | { kind: 'number'; n: number; text: string }
  | { kind: 'id'; id: string }
  | { kind: 'arxiv'; arxivId: string }
  | { kind: 'words'; query: string };

/** Reads what follows a command word (`cite 3`, `cite 2509.24006`, `cite arxiv.org/abs/...`, `cite sparse probes`). */
export function parsePaperRef(text: string): PaperRef | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  // Twelve hex digits are a paper id even when all are decimal digits; no list is that long.
  if (/^[0-9a-f]{12}$/i.test(t)) return { kind: 'id', id: t.toLowerCase() };
  // Any whole number is a result number, negative or huge: a search for "100" would answer with some other paper.
  const number = /^(?:result\s+)?#?([-+\u2212]?\d+)$/i.exec(t);
  if (number) {
    const text = number[1]!.replace(/^\+/, '').replace('\u2212', '-');
    return { kind: 'number', n: Number(text), text };
  }
  const link = parsePaperLink(t);
  if (link) return { kind: 'arxiv', arxivId: link.arxivId };
  return { kind: 'words', query: t };
}

/** The search a results list came from, so "more" can continue it. */
export interface ShownSearch {
  query: string;
  page: number;
  pageCount: number;
}

/** What a person was last shown in a channel: papers by number, the search they came from, and which list that was. */
interface Shown {
  numbered: Map<number, string>;
  search?: ShownSearch;
  series?: string;
}

/** Remembers the last list each person saw in each channel, so "result N" and "more" mean something. */
export class RecentLists {
  readonly #lists = new Map<string, Shown>();
  constructor(private readonly capacity = 5_000) {}

  /**
   * Records the papers shown, by the number each was shown with, and the
   * search they came from. Another page of the same search (its words, in
   * any case) adds its numbers to those already shown, so one numbering runs
   * across its pages; any other list starts afresh. A number keeps meaning
   * the paper it was shown with.
   */
  remember(context: CommandContext, numbered: ReadonlyMap<number, string>, search?: ShownSearch): void {
    const key = keyOf(context);
    const series = search?.query.toLowerCase();
    const before = this.#lists.get(key);
    const kept = series !== undefined && before?.series === series ? before.numbered : new Map<number, string>();
    this.#lists.delete(key);
    this.#lists.set(key, { numbered: new Map([...kept, ...numbered]), search, series });
    if (this.#lists.size > this.capacity) this.#lists.delete(this.#lists.keys().next().value as string);
  }

  /** The last list shown, by number; empty when none was. */
  shown(context: CommandContext): ReadonlyMap<number, string> {
    return this.#lists.get(keyOf(context))?.numbered ?? new Map();
  }

  /** The search behind the last list shown, if it was one. */
  lastSearch(context: CommandContext): ShownSearch | undefined {
    return this.#lists.get(keyOf(context))?.search;
  }
}

function keyOf(context: CommandContext): string {
  return `${context.channel ?? ''}\u0000${context.user ?? ''}`;
}

/** The numbered papers a number refers to: the thread's message for a mention there, else the person's last list here. */
async function numberedList(context: CommandContext, deps: BotDeps): Promise<{ list: ReadonlyMap<number, string>; where: 'thread' | 'here' }> {
  if (context.threadPapers) {
    const list = await context.threadPapers();
    if (list.size > 0) return { list, where: 'thread' };
  }
  return { list: deps.recentLists?.shown(context) ?? new Map(), where: 'here' };
}

/**
 * The paper a bare command ("abstract" alone) means: the only paper shown, or
 * the reply that asks for a number. `command` is the word the reply suggests
 * ("cite N").
 */
export async function resolveOnlyPaper(context: CommandContext, deps: BotDeps, notes: string[], command = 'abstract'): Promise<Paper | Reply> {
  const { list, where } = await numberedList(context, deps);
  if (list.size === 1) {
    const n = [...list.keys()][0]!;
    return resolvePaperRef({ kind: 'number', n, text: String(n) }, context, deps, notes);
  }
  const numbers = [...list.keys()];
  if (numbers.length === 0) return { kind: 'error', message: `Which paper? Search first, then say "${command} N" for result N, or give a paper id or an arXiv id.`, notes };
  const shown = where === 'thread' ? `The message this thread is on shows ${papers(numbers)}` : `Your last list here showed ${papers(numbers)}`;
  return { kind: 'error', message: `Which paper? ${shown}: say "${command} N" for paper N, e.g. "${command} ${Math.min(...numbers)}".`, notes };
}

/** Why a number names no paper: nothing shown yet, or which numbers were. */
function numberProblem(ref: { n: number; text: string }, numbers: number[], where: 'thread' | 'here'): string {
  if (numbers.length === 0) {
    return `“${ref.text}” means result ${ref.text} of your last search here, and I have none. Search first, or give a paper id or an arXiv id.`;
  }
  const none = `There is no result ${ref.text}`;
  return where === 'thread'
    ? `${none}: the message this thread is on shows ${papers(numbers)}; pick one of those, e.g. "abstract ${Math.min(...numbers)}".`
    : `${none}: your last list here showed ${papers(numbers)}; pick one of those, or give a paper id or an arXiv id.`;
}

/** "papers 1 to 5", "papers 1 to 5 and 11 to 15", "paper 3": the numbers shown, as runs. */
function papers(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const n of sorted) {
    const last = runs[runs.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  const text = runs.map(([a, b]) => (a === b ? `${a}` : `${a} to ${b}`));
  if (sorted.length === 1) return `paper ${text[0]}`;
  return `papers ${text.length === 1 ? text[0]! : `${text.slice(0, -1).join(', ')} and ${text[text.length - 1]}`}`;
}

/** The paper a reference names, or the reply that says why none. */
export async function resolvePaperRef(ref: PaperRef, context: CommandContext, deps: BotDeps, notes: string[]): Promise<Paper | Reply> {
  const { library } = deps;
  switch (ref.kind) {
    case 'number': {
      const { list, where } = await numberedList(context, deps);
      const id = list.get(ref.n);
      const paper = id === undefined ? undefined : library.get(id);
      if (paper) return paper;
      return { kind: 'error', message: numberProblem(ref, [...list.keys()], where), notes };
    }
    case 'id': {
      const paper = library.get(ref.id);
      return paper ?? { kind: 'error', message: `No paper with id ${ref.id}. It may come from another library; try a search.`, notes };
    }
    case 'arxiv': {
      const resolved = await deps.papers.resolve(ref.arxivId);
      return resolved.kind === 'found' ? resolved.paper : { kind: 'error', message: missingPaper(ref.arxivId, resolved.why), notes };
    }
    case 'words': {
      if (library.size === 0) return { kind: 'error', message: 'The library is empty: no digest has been loaded yet.', notes };
      const hit = library.search(ref.query, { pageSize: 1 }).hits[0];
      return hit?.paper ?? { kind: 'no-results', query: ref.query, suggestions: library.suggest(ref.query), notes };
    }
  }
}
