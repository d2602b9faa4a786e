import { libraryCorpus as corpusOf } from '../recommend/library-corpus.js';
import { createRecommender, type ReaderSignal, type Recommender } from '../recommend/recommender.js';
import type { SignalStore } from '../store/store.js';
import { normalizeEmoji, type BotDeps, type CommandContext } from './command-module.js';
import { personKey, platformOf } from './owner.js';
import type { Reply } from './reply.js';

// Whose signal a command is about, and where it counts: a person is
// `platform:user`, a team `platform:team` (Slack's workspace, a Discord
// guild), the console is one person in one team. What the signal commands
// (save, saved, unsave, top, foryou, forget me, votes) share.

/** Fewer signals than this and `foryou` says how to give some, showing the week's best instead (the model's constant). */
export { MIN_SIGNALS } from '../recommend/recommender.js';

/** Reactions that vote by default: thumbs up, star, fire, heart (Slack's names and Discord's Unicode). */
export const DEFAULT_VOTE_EMOJI = ['+1', 'thumbsup', 'star', 'fire', 'heart', '👍', '⭐', '🔥', '❤️'] as const;

/** The emoji that vote, normalized ({@link normalizeEmoji}): VOTE_EMOJI, else the defaults. */
export function votingEmoji(deps: Pick<BotDeps, 'voteEmoji'>): ReadonlySet<string> {
  return deps.voteEmoji ?? DEFAULT_VOTING;
}
const DEFAULT_VOTING: ReadonlySet<string> = new Set(DEFAULT_VOTE_EMOJI.map(normalizeEmoji));

/** The person's key and their team's, with the store; or the reply that says why there is none. */
export function signalOwner(context: CommandContext, deps: BotDeps, notes: string[]): { person: string; team: string; store: SignalStore } | Reply {
  if (!deps.store) return { kind: 'error', message: 'Saving papers is not set up in this bot (it has no store).', notes };
  if (!context.channel || !context.user) return { kind: 'error', message: 'I cannot tell who you are here, so I cannot keep a reading list for you.', notes };
  return { person: personKey(context.channel, context.user), team: teamKey(context), store: deps.store };
}


/** The team a channel belongs to: `slack:T0123`, `discord:<guild>`; a DM without a team counts as the person's own. */
export function teamKey(context: CommandContext): string {
  const platform = platformOf(context.channel ?? 'console');
  if (context.team) return `${platform}:${context.team}`;
  if (platform === 'console') return 'console';
  return context.direct && context.user ? `${platform}:${context.user}` : (context.channel ?? platform);
}

/** The daily post ledger's key for a person's "for you" posts (the daily ledger's channel column). */
export function forYouLedgerKey(person: string): string {
  return `foryou:${person}`;
}

/** Everything a person did that says what they value: saves and votes, newest first. */
export async function readerSignals(store: SignalStore, person: string): Promise<{ signals: ReaderSignal[]; saved: Set<string> }> {
  const [saves, votes] = await Promise.all([store.listSaves(person), store.listVotedPapers(person)]);
  const signals: ReaderSignal[] = [
    ...saves.map((s) => ({ paperId: s.paperId, kind: 'save' as const, at: new Date(s.savedAt).toISOString() })),
    ...votes.map((v) => ({ paperId: v.paperId, kind: 'vote' as const, at: new Date(v.votedAt).toISOString() })),
  ];
  return { signals, saved: new Set(saves.map((s) => s.paperId)) };
}

/**
 * Whether a channel or person key is the console's (`console`,
 * `console:console`), as {@link teamKey} tells it: the console has no Save
 * action and no reactions, only typed commands.
 */
export function onConsole(key: string | undefined): boolean {
  return key !== undefined && platformOf(key) === 'console';
}

/**
 * How to save `what` (and vote, where one can), as a sentence without its
 * period: the Save action, the command and the voting reactions; on the
 * console only the command, which is all it has.
 */
export function howToSave(key: string | undefined, deps: Pick<BotDeps, 'voteEmoji'>, what: string): string {
  if (onConsole(key)) return `Save ${what} with /paper save N after a search`;
  return `Save ${what} (the Save action, or /paper save N after a search) or ${voteHint(deps)}`;
}

/** How to vote, in words: the configured emoji (names as `:name:`). */
export function voteHint(deps: Pick<BotDeps, 'voteEmoji'>): string {
  const emoji = [...votingEmoji(deps)];
  // Normalized emoji lost their variation selector: the heart gets its emoji form back for display.
  const unicode = emoji.filter((e) => !/^[\w+-]+$/.test(e)).map((e) => (e === '\u2764' ? '\u2764\uFE0F' : e));
  const names = emoji.filter((e) => /^[\w+-]+$/.test(e)).map((e) => `:${e}:`);
  return `react to my paper posts with ${[...(unicode.length > 0 ? unicode : names)].join(' ')}`;
}

/** The recommender's view of the library (src/recommend's: every paper once, versioned by the paper count). */
export { libraryCorpus } from '../recommend/library-corpus.js';

/** The recommender the bot was given (createPaperBot makes one over its library), or one over this library. */
export function recommenderOf(deps: Pick<BotDeps, 'library' | 'recommender'>): Recommender {
  return deps.recommender ?? createRecommender(corpusOf(deps.library));
}
