import type { PaperLibrary } from '../library/library.js';
import { createPaperResolver, type PaperResolver } from '../links/paper-resolver.js';
import type { Logger } from '../ops/logger.js';
import { StorageFault } from '../store/storage-fault.js';
import { StoreUnavailableError } from '../store/store.js';
import { replyActions } from '../conversation/actions.js';
import { handleEvent, visibilityAhead } from '../conversation/handle.js';
import type { Answer, InboundEvent } from '../conversation/inbound.js';
import { threadAbstracts } from '../conversation/thread-abstracts.js';
import type { OnceKeys } from '../store/once-keys.js';
import { unhandled, type Visibility } from '../conversation/visibility.js';
import type { BotDeps, CommandContext, CommandInput } from './command-module.js';
import { RecentLists } from './paper-ref.js';
import { createRecommender } from '../recommend/recommender.js';
import { libraryCorpus } from './signal-keys.js';
import { toView, unknownPaper } from './paper-views.js';
import { isVoteEmoji } from './vote.js';
import { parseCommand } from './parse-command.js';
import { commandModule, HELP_ENTRIES, type Command } from './registry.js';
import type { PaperView, Reply } from './reply.js';

export type { CommandContext } from './command-module.js';

/** The core's answering surface, the only thing adapters call. */
export interface PaperBot {
  /**
   * The one inbound entry point: a command, a mention or an action, decoded by
   * an adapter, answered with what to say, who sees it and where it goes.
   * Never rejects.
   */
  handle(event: InboundEvent): Promise<Answer>;
  /**
   * Who will see the answer to `event`, before it is ready: for a platform
   * that must acknowledge first with a visibility it cannot change later
   * (Discord's deferred reply). The answer's own visibility is the final word.
   */
  visibilityAhead(event: InboundEvent): Visibility;
  /** Answers the text a user typed after `/paper`. Never rejects. */
  answer(text: string, context?: CommandContext): Promise<Reply>;
  /** Answers an already parsed command (buttons carry these). Never rejects. */
  run(command: Command, notes?: string[], context?: CommandContext): Promise<Reply>;
  /**
   * Records a reply delivered unasked (an alert posted to the console) as
   * what this person was shown here, so "abstract 2" then means its paper 2.
   */
  shown(context: CommandContext, reply: Reply): void;
  /** The full abstract of a paper, for a thread reply. */
  abstractOf(paperId: string): Promise<Reply>;
  /** A paper in full, for the daily post; undefined for an unknown id. */
  view(paperId: string): Promise<PaperView | undefined>;
  /** Title completions for as-you-type menus, best first. Synchronous: autocomplete answers from memory. */
  complete(partial: string, limit?: number): { id: string; title: string }[];
  /**
   * Whether a reaction with this emoji (as the platform names it) would vote
   * (VOTE_EMOJI): an adapter asks before reading the message it is on, so a
   * reaction that cannot vote costs no platform call. Synchronous.
   */
  votes(emoji: string): boolean;
}

/** What the bot may use besides the library; all optional. */
export interface PaperBotOptions {
  /** For `random`; tests pass a fixed one. */
  rng?: () => number;
  now?: () => Date;
  /** Enables the commands that keep state (subscriptions). */
  store?: BotDeps['store'];
  /** Defaults of `/paper subscribe` without arguments. */
  dailyDefaults?: BotDeps['dailyDefaults'];
  /** Where an unexpected failure is logged, with the command that caused it. */
  logger?: Logger;
  /** Counts answers and times them (src/ops/metrics.ts implements it). */
  metrics?: CommandMetrics;
  /** The live source's state now (main.ts keeps it), for flagging old papers; absent: no live source. */
  liveSource?: BotDeps['liveSource'];
  /** How long `/paper watch` watches a paper (WATCH_DAYS; default 90). */
  watchDays?: number;
  /** Emoji whose reactions vote (VOTE_EMOJI), normalized; default thumbs up, star, fire, heart. */
  voteEmoji?: BotDeps['voteEmoji'];
  /** The model behind `foryou`; default: src/recommend's over this library. */
  recommender?: BotDeps['recommender'];
  /**
   * Abstracts posted in threads, by `<channel>:<thread>:<paper>`: shared
   * once-keys (sharedOnceKeys over the store) so replicas and restarts agree;
   * this process's memory by default.
   */
  threadAbstracts?: OnceKeys;
  /** Resolves arXiv ids the library lacks through the paper API (main.ts builds it); absent: the library alone. */
  papers?: PaperResolver;
}

/**
 * How an answer went: `ok` (an answer with content), `no_results`, `refused`
 * (not allowed here), `error` (an error reply: bad input, empty library, a
 * full disk) or `failed` (an unexpected exception, logged).
 */
export type CommandOutcome = 'ok' | 'no_results' | 'refused' | 'error' | 'failed';

/** Receives every answer's command kind, outcome and duration. */
export interface CommandMetrics {
  recordCommand(kind: string, outcome: CommandOutcome, seconds: number): void;
}

/** The answer to a command that needs the store while the store cannot be reached. */
export const STORE_UNAVAILABLE = 'That is temporarily unavailable (the bot cannot reach its database). Try again in a minute; searches still work.';

/** Creates the bot over a library: parses text with the command registry and dispatches to the command's module. */
export function createPaperBot(library: PaperLibrary, opts: PaperBotOptions = {}): PaperBot {
  const deps: BotDeps = {
    library,
    now: opts.now ?? (() => new Date()),
    rng: opts.rng ?? Math.random,
    store: opts.store,
    dailyDefaults: opts.dailyDefaults,
    helpEntries: HELP_ENTRIES,
    logger: opts.logger,
    recentLists: new RecentLists(),
    liveSource: opts.liveSource,
    watchDays: opts.watchDays ?? 90,
    voteEmoji: opts.voteEmoji,
    // One model for the bot's life, so its vectors and reader models are cached between calls.
    recommender: opts.recommender ?? createRecommender(libraryCorpus(library)),
    papers: opts.papers ?? createPaperResolver({ library }),
  };
  /** Answers a parsed command; `failed` is set when it threw (a bug or a storage fault), for the metrics. */
  const answerCommand = async (command: Command, notes: string[], context: CommandContext): Promise<{ reply: Reply; failed: boolean }> => {
    const module = commandModule(command.kind);
    if (!module) return { reply: { kind: 'error', message: 'I do not know that command. Try /paper help.', notes }, failed: false };
    try {
      const input: CommandInput<Command> = { command, notes, context, deps };
      const reply = await (module.answer as (i: CommandInput<Command>) => Reply | Promise<Reply>)(input);
      rememberList(deps.recentLists!, context, reply);
      return { reply, failed: false };
    } catch (err) {
      // The database is down or restarting: nothing is wrong with the command, and the store reconnects by itself.
      if (err instanceof StoreUnavailableError) {
        deps.logger?.warn(`answering /paper ${command.kind} in ${context.channel ?? 'an unknown channel'}: ${err.message}`);
        return { reply: { kind: 'error', message: STORE_UNAVAILABLE, notes }, failed: false };
      }
      // Neither a bug nor a full disk reaches the user as a stack trace; each is logged once, here, with what was asked.
      const where = { command: command.kind, channel: context.channel, user: context.user, err };
      if (err instanceof StorageFault) {
        deps.logger?.error(`answering /paper ${command.kind} in ${context.channel ?? 'an unknown channel'}: ${err.message}`, where);
        return { reply: { kind: 'error', message: err.userMessage, notes }, failed: true };
      }
      deps.logger?.error(`answering /paper ${command.kind} in ${context.channel ?? 'an unknown channel'} failed: ${describe(err)}`, where);
      return { reply: { kind: 'error', message: `Something went wrong answering that (${errorName(err)}). Please try again.`, notes }, failed: true };
    }
  };
  /** Runs `answer`, recording the command's kind, outcome and time when metrics are on. */
  const timed = async (kind: string, answer: () => Promise<{ reply: Reply; failed: boolean }>): Promise<Reply> => {
    const started = performance.now();
    const { reply, failed } = await answer();
    opts.metrics?.recordCommand(kind, failed ? 'failed' : outcomeOf(reply), (performance.now() - started) / 1000);
    return reply;
  };
  const run = (command: Command, notes: string[] = [], context: CommandContext = {}) => timed(command.kind, () => answerCommand(command, notes, context));
  const answer = (text: string, context: CommandContext = {}) => {
    const parsed = parseCommand(text);
    if (parsed.command === undefined) {
      return timed('unparsed', async () => ({ reply: { kind: 'error', message: parsed.problem, notes: parsed.notes }, failed: false }));
    }
    return run(parsed.command, parsed.notes, context);
  };
  const abstracts = threadAbstracts(opts.threadAbstracts);
  return {
    handle: (event) => handleEvent({ answer, run, restore: (ids) => deps.papers.restore(ids) }, event, abstracts),
    visibilityAhead,
    shown: (context, reply) => rememberList(deps.recentLists!, context, reply),
    answer,
    run,
    abstractOf: (id) =>
      timed('abstract', async () => {
        const paper = library.get(id);
        return { reply: paper ? { kind: 'abstract', paper: toView(paper), notes: [] } : unknownPaper(id), failed: false };
      }),
    view: async (id) => {
      const paper = library.get(id);
      return paper ? toView(paper) : undefined;
    },
    complete: (partial, limit = 25) => library.complete(partial, limit).map((p) => ({ id: p.id, title: p.title })),
    votes: (emoji) => isVoteEmoji(emoji, deps.voteEmoji),
  };
}

/**
 * Papers shown are remembered by the numbers they were shown with (page 2 of
 * a search starts at 6), so "cite 6" means the sixth result; a search's
 * query and page are kept for "more". The pages of one search add up, so
 * after "more" result 2 is still page 1's second.
 */
function rememberList(lists: RecentLists, context: CommandContext, reply: Reply): void {
  const { papers } = replyActions(reply);
  if (papers.length === 0) return;
  const search = reply.kind === 'results' ? { query: reply.query, page: reply.page, pageCount: reply.pageCount } : undefined;
  lists.remember(context, new Map(papers.map((p) => [p.n, p.paper.id])), search);
}

function outcomeOf(reply: Reply): CommandOutcome {
  switch (reply.kind) {
    case 'no-results':
      return 'no_results';
    case 'refused':
      return 'refused';
    case 'error':
      return 'error';
    case 'results':
    case 'today':
    case 'list':
    case 'saved':
    case 'paper':
    case 'card':
    case 'abstract':
    case 'citation':
    case 'bibtex':
    case 'help':
    case 'info':
      return 'ok';
    default:
      return unhandled(reply);
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'unknown error';
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
