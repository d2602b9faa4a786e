import type { z } from 'zod';
import type { PaperLibrary } from '../library/library.js';
import type { PaperResolver } from '../links/paper-resolver.js';
import type { Logger } from '../ops/logger.js';
import type { Recommender } from '../recommend/recommender.js';
import type { FollowStore, PostLedger, RecapLedger, SignalStore, SubscriptionStore, WatchStore } from '../store/store.js';
import type { LiveSourceState } from './freshness.js';
import type { RecentLists } from './paper-ref.js';
import type { HelpEntry, Reply } from './reply.js';

// A command is one module: its grammar (parse), its help lines, its zod
// schema and its answer. The registry (registry.ts) lists them in the order
// they try the user's text; search, which takes any text, comes last. Adding a
// command is one new module and one line in the registry, plus a renderer
// case if it needs a new kind of reply.

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
   * A function when finding out is slow (Slack asks users.info): only the
   * commands that need it call it, so a search never waits on it. Read it with
   * {@link mayManageChannel}.
   */
  canManageChannel?: boolean | (() => Promise<boolean>);
  /**
   * The papers of the message a thread hangs on, by result number, for a
   * mention in that thread ("abstract 2" there means that message's paper 2,
   * whoever searched). Resolved only when a command names a paper by number.
   */
  threadPapers?: () => Promise<ReadonlyMap<number, string>>;
  /** A direct message with the bot: follows made here are the person's own, alerted by direct message. */
  direct?: boolean;
  /**
   * The workspace or server the channel belongs to, as the platform names it
   * (Slack's team id, a Discord guild id); absent in a Discord DM and the
   * console. The team's signal (`top`) is counted per team.
   */
  team?: string;
}

/** Whether the asker may manage this channel, resolving the adapter's lazy answer; false when it cannot tell. */
export async function mayManageChannel(context: CommandContext): Promise<boolean> {
  const can = context.canManageChannel;
  return typeof can === 'function' ? can() : Boolean(can);
}

/** Everything a command may use to answer; built once by createPaperBot. */
export interface BotDeps {
  library: PaperLibrary;
  now: () => Date;
  /** For `random`; tests pass a fixed one. */
  rng: () => number;
  /** The store's roles commands use; commands that need it say so when the bot has none. */
  store?: SubscriptionStore & PostLedger & RecapLedger & FollowStore & WatchStore & SignalStore;
  /** Emoji whose reactions vote for a paper, normalized with {@link normalizeEmoji}. */
  voteEmoji?: ReadonlySet<string>;
  /** Ranks papers for one reader (`foryou`); built over the library by createPaperBot. */
  recommender?: Recommender;
  /** How long `/paper watch` watches a paper (WATCH_DAYS). */
  watchDays: number;
  /** Defaults of `/paper subscribe` without arguments: DAILY_TIME, DAILY_TIMEZONE, DAILY_DAYS. */
  dailyDefaults?: { time: string; timezone: string; days: number[] };
  /** Every command's help lines, in registry order (for `help`). */
  helpEntries: readonly HelpEntry[];
  logger?: Logger;
  /**
   * Which paper an arXiv id names: the library's, else the Hugging Face paper
   * API's (src/links/paper-resolver.ts); the library alone without the API.
   */
  papers: PaperResolver;
  /** Each person's last list per channel, so commands can take "result N". */
  recentLists?: RecentLists;
  /**
   * The live source's state now, so `today` and `week` can say why their
   * newest day is old; absent when the bot has no live source at all.
   */
  liveSource?: () => LiveSourceState;
}

/** What a command's answer gets: the parsed command, notes on how it was read, who asked, and the deps. */
export interface CommandInput<C> {
  command: C;
  notes: string[];
  context: CommandContext;
  deps: BotDeps;
}

/** One command: grammar, help, schema and answer. */
export interface CommandModule<S extends z.ZodType<{ kind: string }> = z.ZodType<{ kind: string }>> {
  /** The parsed command's shape; `kind` names the command. */
  readonly schema: S;
  /** Lines for `/paper help`; the first is also shown when the command is mistyped. */
  readonly help: readonly HelpEntry[];
  /**
   * Reads the normalized text after `/paper`. Returns the command's fields
   * when the text is this command, else undefined (the next module tries).
   * May push notes on how the text was read.
   */
  parse(text: string, notes: string[]): z.input<S> | undefined;
  /** Answers the command. Throwing is a bug: the bot turns it into an error reply and logs it. */
  answer(input: CommandInput<z.output<S>>): Reply | Promise<Reply>;
  /**
   * About the asker's own data (their reading list, their picks, forgetting
   * them): the answer is only ever theirs to see, so a platform that must
   * choose who sees an answer before it is ready chooses the asker, and a
   * mention in a channel is refused before the command runs.
   */
  readonly personal?: boolean;
}

/** Declares a command module, keeping its schema's exact type for the registry's Command union. */
export function defineCommand<S extends z.ZodType<{ kind: string }>>(module: CommandModule<S>): CommandModule<S> {
  return module;
}

/** An emoji as votes compare it: Slack's skin tone suffix and Unicode skin tones and variation selectors removed. */
export function normalizeEmoji(emoji: string): string {
  return emoji
    .trim()
    .replace(/::skin-tone-\d$/, '')
    .replace(/[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F]/gu, '');
}
