import { parsePaperLink } from '../links/paper-links.js';
import type { Paper } from '../library/paper.js';
import type { BotDeps, CommandContext } from './command-module.js';
import { missingPaper } from './paper-views.js';
import type { Reply } from './reply.js';

// How a command names a paper: `<result N | paper id | arXiv id | words>`.
// "Result N" is the paper shown as number N in the last list this person was
// shown in this channel (results, today, ...; page 2 of a search starts at 6):
// the bot remembers each person's last list per channel, in memory and
// bounded. In a thread, N is the paper N of the message the thread is on.
// Words mean the best match of that search.

/** A parsed reference to a paper. */
export type PaperRef =
  | { kind: 'number'; n: number }
  | { kind: 'id'; id: string }
  | { kind: 'arxiv'; arxivId: string }
  | { kind: 'words'; query: string };

/** Reads what follows a command word (`cite 3`, `cite 2509.24006`, `cite arxiv.org/abs/...`, `cite sparse probes`). */
export function parsePaperRef(text: string): PaperRef | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const number = /^(?:result\s+)?#?(\d{1,2})$/i.exec(t);
  if (number) return { kind: 'number', n: Number(number[1]) };
  if (/^[0-9a-f]{12}$/i.test(t)) return { kind: 'id', id: t.toLowerCase() };
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

/** What a person was last shown in a channel: papers by number, and the search they came from. */
interface Shown {
  numbered: Map<number, string>;
  search?: ShownSearch;
}

/** Remembers the last list each person saw in each channel, so "result N" and "more" mean something. */
export class RecentLists {
  readonly #lists = new Map<string, Shown>();
  constructor(private readonly capacity = 5_000) {}

  /** Records the papers shown, by the number each was shown with, and the search they came from. */
  remember(context: CommandContext, numbered: ReadonlyMap<number, string>, search?: ShownSearch): void {
    const key = keyOf(context);
    this.#lists.delete(key);
    this.#lists.set(key, { numbered: new Map(numbered), search });
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
 * the reply that asks for a number.
 */
export async function resolveOnlyPaper(context: CommandContext, deps: BotDeps, notes: string[]): Promise<Paper | Reply> {
  const { list, where } = await numberedList(context, deps);
  if (list.size === 1) return resolvePaperRef({ kind: 'number', n: [...list.keys()][0]! }, context, deps, notes);
  return { kind: 'error', message: numberProblem(undefined, [...list.keys()], where), notes };
}

/** Why a number names no paper: nothing shown yet, or which numbers were. */
function numberProblem(n: number | undefined, numbers: number[], where: 'thread' | 'here'): string {
  if (numbers.length === 0) {
    return n === undefined
      ? 'Which paper? Search first, then say "abstract N" for result N, or give a paper id, an arXiv id or words.'
      : `“${n}” means result ${n} of your last search here, and I have none. Search first, or give a paper id, an arXiv id or words.`;
  }
  const range = `${Math.min(...numbers)} to ${Math.max(...numbers)}`;
  return where === 'thread'
    ? `The message this thread is on shows papers ${range}; pick one of those, e.g. "abstract ${Math.min(...numbers)}".`
    : `Your last list here showed papers ${range}; pick one of those, or give a paper id, an arXiv id or words.`;
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
      return { kind: 'error', message: numberProblem(ref.n, [...list.keys()], where), notes };
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
