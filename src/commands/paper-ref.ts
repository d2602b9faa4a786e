import { ArxivIdSchema, type Paper } from '../library/paper.js';
import type { BotDeps, CommandContext } from './command-module.js';
import type { Reply } from './reply.js';

// How a command names a paper: `<result N | paper id | arXiv id | words>`.
// "Result N" is the N-th paper of the last list this person was shown in this
// channel (results, today, ...): the bot remembers each person's last list per
// channel, in memory and bounded. Words mean the best match of that search.

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
  const arxiv = /^(?:arxiv:\s*|(?:https?:\/\/)?(?:www\.)?(?:arxiv\.org\/(?:abs|pdf)|huggingface\.co\/papers)\/)?([\w.\/-]+?)(?:\.pdf)?\/?$/i.exec(t);
  const id = arxiv ? ArxivIdSchema.safeParse(arxiv[1]) : undefined;
  if (id?.success) return { kind: 'arxiv', arxivId: id.data };
  return { kind: 'words', query: t };
}

/** Remembers the last list each person saw in each channel, so "result N" means something. */
export class RecentLists {
  readonly #lists = new Map<string, Map<number, string>>();
  constructor(private readonly capacity = 5_000) {}

  /** Records the papers shown, by the number each was shown with. */
  remember(context: CommandContext, numbered: ReadonlyMap<number, string>): void {
    const key = keyOf(context);
    this.#lists.delete(key);
    this.#lists.set(key, new Map(numbered));
    if (this.#lists.size > this.capacity) this.#lists.delete(this.#lists.keys().next().value as string);
  }

  /** The paper id shown as number `n`, and the numbers that list had. */
  lookup(context: CommandContext, n: number): { id?: string; numbers: number[] } {
    const list = this.#lists.get(keyOf(context));
    return { id: list?.get(n), numbers: [...(list?.keys() ?? [])] };
  }
}

function keyOf(context: CommandContext): string {
  return `${context.channel ?? ''}\u0000${context.user ?? ''}`;
}

/** The paper a reference names, or the reply that says why none. */
export function resolvePaperRef(ref: PaperRef, context: CommandContext, deps: BotDeps, notes: string[]): Paper | Reply {
  const { library } = deps;
  switch (ref.kind) {
    case 'number': {
      const { id, numbers } = deps.recentLists?.lookup(context, ref.n) ?? { numbers: [] };
      const paper = id === undefined ? undefined : library.get(id);
      if (paper) return paper;
      const message =
        numbers.length === 0
          ? `“${ref.n}” means result ${ref.n} of your last search here, and I have none. Search first, or give a paper id, an arXiv id or words.`
          : `Your last list here showed papers ${Math.min(...numbers)} to ${Math.max(...numbers)}; pick one of those, or give a paper id, an arXiv id or words.`;
      return { kind: 'error', message, notes };
    }
    case 'id': {
      const paper = library.get(ref.id);
      return paper ?? { kind: 'error', message: `No paper with id ${ref.id}. It may come from another library; try a search.`, notes };
    }
    case 'arxiv': {
      const paper = library.getByArxiv(ref.arxivId);
      return paper ?? { kind: 'error', message: `No paper with arXiv id ${ref.arxivId} in the library yet.`, notes };
    }
    case 'words': {
      if (library.size === 0) return { kind: 'error', message: 'The library is empty: no digest has been loaded yet.', notes };
      const hit = library.search(ref.query, { pageSize: 1 }).hits[0];
      return hit?.paper ?? { kind: 'no-results', query: ref.query, suggestions: library.suggest(ref.query), notes };
    }
  }
}
