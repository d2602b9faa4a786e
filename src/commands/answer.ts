import { answerDailyCommand, type DailyCommandDeps } from '../daily/daily-commands.js';
import { latestAppearance, type Paper } from '../library/paper.js';
import type { PaperLibrary } from '../library/library.js';
import { makeSnippet } from '../library/snippet.js';
import { parseCommand, type Command } from './command.js';
import { HELP_ENTRIES } from './help.js';
import type { PaperSummary, PaperView, Reply } from './reply.js';

/**
 * Who asked and where, as far as the core needs to know. Adapters fill it in
 * from the platform event; commands that do not need it ignore it.
 */
export interface CommandContext {
  /** The channel the command came from, as `platform:id` (`slack:C0123`, `discord:987654321`, `console`). */
  channel?: string;
  /** The user's id on the platform, for logs and allow-lists. */
  user?: string;
  /**
   * Whether this user may change this channel's settings (subscriptions):
   * Discord's Manage Channels permission, Slack's rule (see the Slack adapter).
   */
  canManageChannel?: boolean;
}

/** The core's answering surface, the only thing adapters call. */
export interface PaperBot {
  /** Answers the text a user typed after `/paper`. Never throws. */
  answer(text: string, context?: CommandContext): Reply;
  /** Answers an already parsed command (buttons carry these). Never throws. */
  run(command: Command, notes?: string[], context?: CommandContext): Reply;
  /** The full abstract of a paper, for a thread reply. */
  abstractOf(paperId: string): Reply;
  /** A paper in full, for the daily post; undefined for an unknown id. */
  view(paperId: string): PaperView | undefined;
  /** Title completions for as-you-type menus, best first. */
  complete(partial: string, limit?: number): { id: string; title: string }[];
}

/**
 * Creates the bot over a library. `rng` makes `random` testable; `daily`
 * enables the subscription commands (subscribe, unsubscribe, subscriptions, next).
 */
export function createPaperBot(library: PaperLibrary, opts: { rng?: () => number; daily?: DailyCommandDeps } = {}): PaperBot {
  const run = (command: Command, notes: string[] = [], context: CommandContext = {}): Reply => {
    try {
      if (command.kind === 'subscribe' || command.kind === 'unsubscribe' || command.kind === 'subscriptions' || command.kind === 'next') {
        if (!opts.daily) return { kind: 'error', message: 'Daily papers are not set up in this bot.', notes };
        return answerDailyCommand(command, context, opts.daily, notes);
      }
      return dispatch(library, command, notes, opts.rng);
    } catch (err) {
      // A bug must not reach the user as a stack trace; adapters log the rest.
      return { kind: 'error', message: `Something went wrong answering that (${errorName(err)}). Please try again.`, notes };
    }
  };
  return {
    answer: (text, context) => {
      const { command, notes } = parseCommand(text);
      return run(command, notes, context);
    },
    run,
    abstractOf: (id) => {
      const paper = library.get(id);
      if (!paper) return unknownPaper(id);
      return { kind: 'abstract', paper: toView(paper), notes: [] };
    },
    view: (id) => {
      const paper = library.get(id);
      return paper ? toView(paper) : undefined;
    },
    complete: (partial, limit = 25) => library.complete(partial, limit).map((p) => ({ id: p.id, title: p.title })),
  };
}

function dispatch(
  library: PaperLibrary,
  command: Exclude<Command, { kind: 'subscribe' | 'unsubscribe' | 'subscriptions' | 'next' }>,
  notes: string[],
  rng?: () => number,
): Reply {
  switch (command.kind) {
    case 'help':
      return {
        kind: 'help',
        entries: HELP_ENTRIES,
        library: { papers: library.size, digests: library.days().length, newest: library.days()[0] },
        notes,
      };
    case 'today': {
      const today = library.today();
      if (!today) return emptyLibrary(notes);
      return { kind: 'today', date: today.date, hits: today.papers.map((r) => toSummary(r.paper)), notes };
    }
    case 'random': {
      const paper = library.random(rng);
      if (!paper) return emptyLibrary(notes);
      return { kind: 'paper', heading: 'A random paper', paper: toView(paper), notes };
    }
    case 'show': {
      const paper = library.get(command.id);
      return paper ? { kind: 'paper', heading: 'Paper', paper: toView(paper), notes } : unknownPaper(command.id);
    }
    case 'search': {
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
      if (page.total === 0) {
        return { kind: 'no-results', query: command.query, suggestions: library.suggest(command.query), notes };
      }
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
    }
  }
}

function toSummary(paper: Paper): PaperSummary {
  const { date, rank } = latestAppearance(paper);
  return {
    id: paper.id,
    title: paper.title,
    date,
    rank,
    snippet: paper.abstract === '' ? '' : makeSnippet(paper.abstract, new Set()),
    digestCount: paper.appearances.length,
  };
}

function toView(paper: Paper): PaperView {
  const q = encodeURIComponent(paper.title);
  return {
    ...toSummary(paper),
    abstract: paper.abstract,
    links: {
      arxiv: `https://arxiv.org/search/?query=${q}&searchtype=title`,
      huggingFace: `https://huggingface.co/papers?q=${q}`,
    },
  };
}

function emptyLibrary(notes: string[]): Reply {
  return {
    kind: 'error',
    message: 'The library is empty: no digest has been loaded yet. Add a digest file to the digest folder.',
    notes,
  };
}

function unknownPaper(id: string): Reply {
  return { kind: 'error', message: `No paper with id ${id}. It may come from another library; try a search.`, notes: [] };
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'unknown error';
}
