import { z } from 'zod';
import type { ParsedDigest } from '../sources/digest/digest-types.js';
import type { LiveDay } from '../sources/huggingface/live-day.js';
import type { LookedUpPaper } from '../sources/huggingface/paper-api.js';

// The durable store, as role interfaces (below): subscriptions, the post
// ledgers, follows, archived digests, fetched days and coordination.
// SQLite is the embedded default; a server database implements the same
// interface (and runs the same contract suite, test/store/store-contract.ts)
// for several replicas. Every method returns a Promise: a network database
// cannot answer synchronously, and callers should not care which one it is.

/** A channel key: `platform:id` (`slack:C0123`, `discord:987654321`) or `console`. */
export const ChannelKeySchema = z
  .string()
  // Opaque to the core: a platform name, then whatever id that platform uses (a Matrix room `!room:server`
  // has colons). The adapter that owns the platform checks the id (adapters/*/channel-id.ts).
  .regex(/^(?:console|[a-z][a-z0-9-]{0,19}:[^\s\u0000-\u001f\u007f]{1,200})$/, 'expected <platform>:<id> such as slack:C0123, discord:987654321 or console');

/** Local time of day `HH:MM`, 24-hour. */
export const TimeOfDaySchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time HH:MM such as 09:00');

/** An IANA time zone name that this Node.js knows. */
export const TimeZoneSchema = z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Paris or America/New_York');

/** Weekdays as numbers, 0 = Sunday ... 6 = Saturday. */
export const WeekdaysSchema = z.array(z.number().int().min(0).max(6)).min(1);

/** How often a subscription posts: the day's top paper, or the week's five best. */
export const CadenceSchema = z.enum(['daily', 'weekly']);
export type Cadence = z.infer<typeof CadenceSchema>;

/** A channel's subscription: the daily paper, or the weekly recap (on one weekday). A channel may have both. */
export const SubscriptionSchema = z.object({
  channel: ChannelKeySchema,
  cadence: CadenceSchema,
  time: TimeOfDaySchema,
  timezone: TimeZoneSchema,
  /** The weekdays it posts on; a weekly recap has exactly one. */
  days: WeekdaysSchema,
  /** `config`: from DAILY_CHANNELS (managed there); `command`: from `/paper subscribe`. */
  source: z.enum(['config', 'command']),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

/** One row of the weekly recap ledger: a channel's recap for one local ISO week (`2026-W48`). */
export const RecapRowSchema = z.object({
  channel: ChannelKeySchema,
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  status: z.enum(['sending', 'sent', 'failed']),
  attempts: z.number().int().min(1),
  claimedAt: z.number().int(),
  messageId: z.string().nullable(),
  error: z.string().nullable(),
});
export type RecapRow = z.infer<typeof RecapRowSchema>;

/** A topic followed by a channel (alerts in the channel) or a person (alerts by direct message). */
export const FollowSchema = z.object({
  id: z.number().int().positive(),
  /** `slack:C0123` for a channel, `slack:U0123` for a person, `console`. */
  owner: ChannelKeySchema,
  kind: z.enum(['channel', 'person']),
  /** The words as the follower typed them (normalized), searched like a query. */
  words: z.string().min(1).max(200),
  createdAt: z.number().int(),
});
export type Follow = z.infer<typeof FollowSchema>;

/** The upvote counts a watch alerts on passing, once each. */
export const UPVOTE_MARKS = [10, 50, 100] as const;

/**
 * What a watch last saw of its paper, to tell what changed. A count of
 * `null` was never looked up: the first look records it without alerting.
 */
export const WatchSeenSchema = z.object({
  githubRepo: z.string().max(1000).nullable(),
  projectPage: z.string().max(1000).nullable(),
  models: z.number().int().min(0).nullable(),
  datasets: z.number().int().min(0).nullable(),
  spaces: z.number().int().min(0).nullable(),
  /** Whether the paper was in a Hugging Face daily list. */
  inDaily: z.boolean(),
  /** The highest of {@link UPVOTE_MARKS} its upvotes passed (0: none). */
  upvoteMark: z.number().int().min(0),
});
export type WatchSeen = z.infer<typeof WatchSeenSchema>;

/** A paper watched by a channel (alerts there) or a person (alerts by direct message), until `endsAt`. */
export const WatchSchema = z.object({
  id: z.number().int().positive(),
  owner: ChannelKeySchema,
  kind: z.enum(['channel', 'person']),
  paperId: z.string().regex(/^[0-9a-f]{12}$/),
  /** The Hub tags linked models, datasets and Spaces with `arxiv:<id>`: a paper without one cannot be watched. */
  arxivId: z.string().regex(/^[\w./-]{1,40}$/),
  /** The paper's title when it was watched, for lists and alerts of a paper the library does not hold. */
  title: z.string().min(1).max(1000),
  createdAt: z.number().int(),
  endsAt: z.number().int(),
  /** When a check last looked at the Hub for it (null: never), so checks rotate through the watches. */
  checkedAt: z.number().int().nullable(),
  seen: WatchSeenSchema,
});
export type Watch = z.infer<typeof WatchSchema>;

/** One alert of a watch: a change (`github`, `models:3`, `upvotes:50`, `ended`, ...) told once. */
export const WatchAlertSchema = z.object({
  watchId: z.number().int().positive(),
  /** The change, unique per watch: a key claimed once is never alerted again. */
  key: z.string().min(1).max(100),
  /** What the alert says: the change in words ("code released", for the heading) and one line of detail, kept so a retry says the same. */
  heading: z.string().min(1).max(200),
  detail: z.string().max(1000),
  status: z.enum(['sending', 'sent', 'failed']),
  attempts: z.number().int().min(1),
  claimedAt: z.number().int(),
  messageId: z.string().nullable(),
  error: z.string().nullable(),
});
export type WatchAlert = z.infer<typeof WatchAlertSchema>;
/** A paper id: 12 hex digits. */
const PaperIdSchema = z.string().regex(/^[0-9a-f]{12}$/);

/**
 * A person's key, `platform:user id` (`slack:U0123`, `discord:42`), and the
 * team their signal counts for, `platform:team id` (`slack:T0123`, a Discord
 * guild `discord:987`, `console`).
 */
export const PersonKeySchema = ChannelKeySchema;
export const TeamKeySchema = ChannelKeySchema;

/** A paper a person saved to their reading list. */
export const SaveSchema = z.object({ person: PersonKeySchema, team: TeamKeySchema, paperId: PaperIdSchema, savedAt: z.number().int() });
export type Save = z.infer<typeof SaveSchema>;

/**
 * A reaction that counts as a vote: a person's emoji on one of the bot's
 * messages showing a paper. One row per (person, paper, message, emoji), so a
 * reaction delivered twice is one row; a paper counts one vote per person.
 * `emoji` is the reaction as the platform names it (👍🏽 and 👍 are two rows).
 */
export const VoteSchema = z.object({
  person: PersonKeySchema,
  team: TeamKeySchema,
  paperId: PaperIdSchema,
  /** The message reacted to, as the platform names it (`C0123/1700000000.000100`). */
  message: z.string().min(1).max(300),
  emoji: z.string().min(1).max(100),
  votedAt: z.number().int(),
});
export type Vote = z.infer<typeof VoteSchema>;

/** A paper in a team's top: how many saves and votes (one per person each) it had in the period. */
export interface TeamTopEntry {
  paperId: string;
  count: number;
}

/** A person's daily "for you" post, by direct message: when, in their time zone. */
export const ForYouSubscriptionSchema = z.object({ person: PersonKeySchema, time: TimeOfDaySchema, timezone: TimeZoneSchema, createdAt: z.number().int() });
export type ForYouSubscription = z.infer<typeof ForYouSubscriptionSchema>;

/** What `forget me` removed, by kind. */
export interface ForgottenRows {
  saves: number;
  votes: number;
  subscriptions: number;
  /** Ledger rows of the person's "for you" posts. */
  deliveries: number;
}

/** How often a failed delivery is tried again, and how far apart. */
export interface RetryPolicy {
  now: number;
  maxAttempts: number;
  retryAfterMs: number;
}

/** One row of the posted ledger: a channel's post for one local day. */
export const PostRowSchema = z.object({
  channel: ChannelKeySchema,
  localDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  paperId: z.string().regex(/^[0-9a-f]{12}$/),
  /** `sending`: claimed, delivery under way (or the process died during it); `sent`; `failed`. */
  status: z.enum(['sending', 'sent', 'failed']),
  attempts: z.number().int().min(1),
  claimedAt: z.number().int(),
  messageId: z.string().nullable(),
  error: z.string().nullable(),
});
export type PostRow = z.infer<typeof PostRowSchema>;

// The store's roles. Each consumer takes the roles it uses (the daily job a
// subscription list and a post ledger, the Slack adapter once-keys), so what
// a module may touch reads from its signature, and a test fake implements one
// role instead of the whole store. Every method is asynchronous; none is on a
// search's hot path.

/** The channels' subscriptions, daily and weekly. */
export interface SubscriptionStore {
  /** Every subscription, daily and weekly, by channel. */
  listSubscriptions(): Promise<Subscription[]>;
  getSubscription(channel: string, cadence: Cadence): Promise<Subscription | undefined>;
  upsertSubscription(sub: Subscription): Promise<void>;
  removeSubscription(channel: string, cadence: Cadence): Promise<boolean>;
}

/** The daily post ledger: which paper each channel got on each local day. */
export interface PostLedger {
  /**
   * Claims a channel's post for a local day with the paper to send. Resolves
   * false if the day is already claimed (sent, being sent, or failed too often)
   * or the paper was already sent to the channel. Atomic across processes.
   */
  claimPost(claim: PostClaim): Promise<boolean>;
  markSent(channel: string, localDay: string, messageId: string): Promise<void>;
  markFailed(channel: string, localDay: string, error: string): Promise<void>;
  /** The ledger row of a channel's local day, if any. */
  getPost(channel: string, localDay: string): Promise<PostRow | undefined>;
  /** Ids of papers sent (or being sent) to a channel. */
  postedPaperIds(channel: string): Promise<Set<string>>;
}

/** The weekly recap ledger: each channel's recap of each local ISO week. */
export interface RecapLedger {
  /** Claims a channel's weekly recap for a local week; false if sent, being sent, or failed too often. */
  claimRecap(claim: { channel: string; week: string } & RetryPolicy): Promise<boolean>;
  markRecapSent(channel: string, week: string, messageId: string): Promise<void>;
  markRecapFailed(channel: string, week: string, error: string): Promise<void>;
  getRecap(channel: string, week: string): Promise<RecapRow | undefined>;
}

/** Followed topics, and the ledger of the alerts sent for them (one role: an alert belongs to its follow). */
export interface FollowStore {
  /**
   * Adds a follow. `baseline` lists the papers that already match it: they
   * are recorded as never to be alerted, so a paper already in the library
   * when the follow was made never alerts, on any replica.
   */
  addFollow(follow: Omit<Follow, 'id'>, baseline: readonly string[]): Promise<Follow>;
  /** The follows of one owner, oldest first; or every follow. */
  listFollows(owner?: string): Promise<Follow[]>;
  removeFollow(owner: string, id: number): Promise<boolean>;
  removeAllFollows(owner: string): Promise<number>;
  /**
   * Claims the alert of papers to a follow: resolves to the ids this caller
   * now delivers (`sending`): papers never alerted, and failed ones due for a
   * retry. Never the same paper twice to a follow, across processes.
   */
  claimAlerts(followId: number, paperIds: readonly string[], policy: RetryPolicy): Promise<string[]>;
  markAlertsSent(followId: number, paperIds: readonly string[], messageId: string): Promise<void>;
  markAlertsFailed(followId: number, paperIds: readonly string[], error: string): Promise<void>;
  /** Failed alerts due for a retry, by follow. */
  retryableAlerts(policy: RetryPolicy): Promise<{ followId: number; paperIds: string[] }[]>;
}

/** Watched papers, and the ledger of the alerts sent for them (one role: an alert belongs to its watch). */
export interface WatchStore {
  /**
   * Adds a watch; an owner watching the paper already gets that watch back
   * (`created` false), unchanged. One watch per owner and paper, across processes.
   */
  addWatch(watch: Omit<Watch, 'id' | 'checkedAt'>): Promise<{ watch: Watch; created: boolean }>;
  /** The watches of one owner, oldest first; or every watch. */
  listWatches(owner?: string): Promise<Watch[]>;
  removeWatch(owner: string, id: number): Promise<boolean>;
  removeAllWatches(owner: string): Promise<number>;
  /** Records what a look at the watch's paper saw, and when it last asked the Hub (null: never); a watch removed meanwhile stays removed. */
  recordWatchCheck(id: number, checkedAt: number | null, seen: WatchSeen): Promise<void>;
  /**
   * Claims the alert of one change to a watch: true for exactly one caller
   * across processes (or again for a failed one due for a retry); false for a
   * change already alerted, being alerted, or a watch removed meanwhile.
   */
  claimWatchAlert(claim: { watchId: number; key: string; heading: string; detail: string } & RetryPolicy): Promise<boolean>;
  markWatchAlertSent(watchId: number, key: string, messageId: string): Promise<void>;
  markWatchAlertFailed(watchId: number, key: string, error: string): Promise<void>;
  /** Failed alerts due for a retry, oldest watch first. */
  retryableWatchAlerts(policy: RetryPolicy): Promise<WatchAlert[]>;
}

/**
 * The team's signal: each person's saves (their reading list), the votes
 * their reactions cast, their "for you" subscription, and forgetting all of
 * it. Personal: callers never show one person's rows to another.
 */
export interface SignalStore {
  /** Saves a paper to a person's list; false when it was already there (the first save's time stays). */
  addSave(save: Save): Promise<boolean>;
  removeSave(person: string, paperId: string): Promise<boolean>;
  removeAllSaves(person: string): Promise<number>;
  /** A person's saves, newest first. */
  listSaves(person: string): Promise<Save[]>;
  /** Records a vote; false when that very reaction was already recorded (a retry, another replica). */
  addVote(vote: Vote): Promise<boolean>;
  /** Removes the vote of a reaction taken back; false when there was none. */
  removeVote(vote: Omit<Vote, 'team' | 'votedAt'>): Promise<boolean>;
  /**
   * Removes every vote recorded on one message, whoever cast it, or only those
   * whose emoji is exactly `emoji` (a platform cleared a message's reactions);
   * how many were removed.
   */
  removeMessageVotes(message: string, emoji?: string): Promise<number>;
  /** Papers a person voted for, each once, with the first vote's time, newest first. */
  listVotedPapers(person: string): Promise<{ paperId: string; votedAt: number }[]>;
  /**
   * A team's papers by saves plus voters since `since` (one save and one vote
   * per person at most), most first, ties by paper id; at most `limit`.
   */
  teamTop(team: string, since: number, limit: number): Promise<TeamTopEntry[]>;
  upsertForYou(sub: ForYouSubscription): Promise<void>;
  getForYou(person: string): Promise<ForYouSubscription | undefined>;
  removeForYou(person: string): Promise<boolean>;
  listForYou(): Promise<ForYouSubscription[]>;
  /** Whether anyone has saved or voted for a paper: until then the for-you vectors are not built. */
  hasSignals(): Promise<boolean>;
  /**
   * Deletes every save, vote and "for you" subscription of a person, and the
   * ledger of their "for you" posts (`ledgerKey`), in one transaction.
   */
  forgetPerson(person: string, ledgerKey: string): Promise<ForgottenRows>;
  /** Which team's top a channel's weekly recap posts (`subscribe weekly team`); undefined: Hugging Face's best. */
  setRecapTeam(channel: string, team: string | undefined): Promise<void>;
  recapTeam(channel: string): Promise<string | undefined>;
}

/** The digest archive: every parsed digest file, so replicas and restarts need no digest folder. */
export interface DigestArchiveStore {
  /** Keeps a parsed digest (by file name; the newest version with papers wins). */
  archiveDigest(digest: ParsedDigest, now: number): Promise<void>;
  /** Archived digests of the given file names. */
  archivedDigests(files: readonly string[]): Promise<ParsedDigest[]>;
  /** Names of every archived digest file. */
  archivedFiles(): Promise<string[]>;
  /**
   * Names of the digest files archived or changed since `cursor` was handed
   * out (every file without one), sorted, and the cursor to ask from next
   * time. Nothing archived since costs a lookup, not a read of the archive,
   * so a replica can ask every few seconds whatever the archive's size.
   */
  archivedSince(cursor: ArchiveCursor | undefined): Promise<{ files: string[]; cursor: ArchiveCursor }>;
}

/**
 * What the Hugging Face API brought: the days fetched from it, so a restart
 * needs no backfill, and the single papers looked up on it for a pasted link,
 * so a save of one (or a button on its card) still finds it after a restart
 * and on every replica.
 */
export interface LiveDayStore {
  /** Keeps a day fetched from the Hugging Face API, replacing an earlier fetch of the same day. */
  saveLiveDay(day: LiveDay): Promise<void>;
  /** Every stored day, oldest first. */
  liveDays(): Promise<LiveDay[]>;
  /** Every stored day's date and whether it is final (never fetched again), oldest first. */
  liveDayStatus(): Promise<{ date: string; final: boolean }[]>;
  /** Keeps a paper looked up on the paper API under its paper id, replacing an earlier lookup of it. */
  keepLookedUp(paperId: string, item: LookedUpPaper, keptAt: number): Promise<void>;
  /** The kept lookups of these paper ids (those there are, in no order). */
  lookedUp(paperIds: readonly string[]): Promise<LookedUpPaper[]>;
}

/** Coordination: node-cron's run claims, one scheduled run per key across processes. */
export interface RunClaims {
  /** node-cron RunCoordinator: true for exactly one caller per key until the lease ends. */
  claimRun(key: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
}

/** Coordination: "do this once" keys, for event ids already answered, messages already posted, and the like. */
export interface OnceClaims {
  /**
   * "Do this once" across processes: true for the first caller of `key`, false
   * for every other until `ttlMs` after that claim (then the key is free again).
   */
  claimOnce(key: string, now: number, ttlMs: number): Promise<boolean>;
  /** Frees a claimed key (the work it guarded failed), so a later attempt may claim it. */
  releaseOnce(key: string): Promise<void>;
}

/** Coordination: named leases, one holder at a time (the Discord gateway's leader). */
export interface LeaseStore {
  /**
   * Takes or renews the lease `name` for `owner` until `now + ttlMs`: true when
   * the lease was free, expired, or already `owner`'s; false while another
   * owner holds it. One holder at a time, across processes.
   */
  acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `owner` holds it, so another can take it at once. */
  releaseLease(name: string, owner: string): Promise<void>;
  /** The lease's holder and expiry as stored (it may have expired), for logs and readiness. */
  getLease(name: string): Promise<Lease | undefined>;
}

/** Every coordination role: what several replicas of the bot agree through. */
export type Coordination = RunClaims & OnceClaims & LeaseStore;

/** Where the store is, whether it takes writes, and closing it. */
export interface StoreLifecycle {
  /** Where the data lives, for messages (a file path, or a database URL without its password). */
  readonly location: string;
  /**
   * Readiness: resolves when the store answers and takes writes now (a tiny
   * committed write, every table's write lock waited for briefly); rejects
   * when it does not (StoreUnavailableError for a network store that cannot
   * be reached, StoreError or StorageFault for one that refuses writes).
   */
  ping(): Promise<void>;
  /** Closes the connection; safe to call twice. */
  close(): Promise<void>;
}

/**
 * The whole store: every role. SQLite and PostgreSQL implement it (and run the
 * one contract suite, test/store/store-contract.ts); only the composition root
 * and the stores' own code should need all of it.
 */
export type Store = SubscriptionStore & PostLedger & RecapLedger & FollowStore & WatchStore & SignalStore & DigestArchiveStore & LiveDayStore & Coordination & StoreLifecycle;

/** What {@link PostLedger.claimPost} needs: the channel's local day, the paper, and the retry policy. */
export interface PostClaim {
  channel: string;
  localDay: string;
  paperId: string;
  now: number;
  maxAttempts: number;
  retryAfterMs: number;
}

/** Where a reader of the digest archive got to, from {@link DigestArchiveStore.archivedSince}; opaque, and only meaningful to the store that made it. */
export type ArchiveCursor = string;

/** A lease as stored: who holds it, and until when (ms since the epoch). */
export const LeaseSchema = z.object({ name: z.string().min(1), owner: z.string().min(1), expiresAt: z.number().int() });
export type Lease = z.infer<typeof LeaseSchema>;

/** A store that could not be opened: names the file and what to do. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/**
 * The store cannot be reached for now (a network database that is down,
 * restarting or unreachable). Callers answer "try again in a minute" instead
 * of failing: the store reconnects by itself.
 */
export class StoreUnavailableError extends Error {
  constructor(
    /** Where the store is, without credentials. */
    readonly location: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? options.cause.message : options?.cause === undefined ? 'no answer' : String(options.cause);
    super(`the store ${location} cannot be reached: ${reason}`, options);
    this.name = 'StoreUnavailableError';
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
