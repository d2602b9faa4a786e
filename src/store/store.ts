import { z } from 'zod';
import type { ParsedDigest } from '../sources/digest/digest-types.js';

// The durable store behind a small interface: subscriptions, the posted
// ledger, archived digests, and run claims for multi-process coordination.
// SQLite is the embedded default; a server database implements the same
// interface (and runs the same contract suite, test/store/store-contract.ts)
// for several replicas. Every method returns a Promise: a network database
// cannot answer synchronously, and callers should not care which one it is.

/** A channel key: `platform:id` (`slack:C0123`, `discord:987654321`) or `console`. */
export const ChannelKeySchema = z
  .string()
  .regex(/^(?:console|(?:slack|discord):[A-Za-z0-9]{1,40})$/, 'expected platform:id such as slack:C0123, discord:987654321 or console');

/** Local time of day `HH:MM`, 24-hour. */
export const TimeOfDaySchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time HH:MM such as 09:00');

/** An IANA time zone name that this Node.js knows. */
export const TimeZoneSchema = z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Paris or America/New_York');

/** Weekdays as numbers, 0 = Sunday ... 6 = Saturday. */
export const WeekdaysSchema = z.array(z.number().int().min(0).max(6)).min(1);

/** A channel's daily-post subscription. */
export const SubscriptionSchema = z.object({
  channel: ChannelKeySchema,
  time: TimeOfDaySchema,
  timezone: TimeZoneSchema,
  days: WeekdaysSchema,
  /** `config`: from DAILY_CHANNELS (managed there); `command`: from `/paper subscribe`. */
  source: z.enum(['config', 'command']),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

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

/** The store's interface. Every method is asynchronous; none is on a search's hot path. */
export interface Store {
  /** Where the data lives, for messages (a file path, or a database URL without its password). */
  readonly location: string;
  listSubscriptions(): Promise<Subscription[]>;
  getSubscription(channel: string): Promise<Subscription | undefined>;
  upsertSubscription(sub: Subscription): Promise<void>;
  removeSubscription(channel: string): Promise<boolean>;

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

  /** Keeps a parsed digest (by file name; the newest version with papers wins). */
  archiveDigest(digest: ParsedDigest, now: number): Promise<void>;
  /** Archived digests of the given file names. */
  archivedDigests(files: readonly string[]): Promise<ParsedDigest[]>;
  /** Names of every archived digest file. */
  archivedFiles(): Promise<string[]>;

  /** node-cron RunCoordinator: true for exactly one caller per key until the lease ends. */
  claimRun(key: string, owner: string, now: number, ttlMs: number): Promise<boolean>;

  /**
   * "Do this once" across processes: true for the first caller of `key`, false
   * for every other until `ttlMs` after that claim (then the key is free again).
   * For event ids already answered, messages already posted, and the like.
   */
  claimOnce(key: string, now: number, ttlMs: number): Promise<boolean>;
  /** Frees a claimed key (the work it guarded failed), so a later attempt may claim it. */
  releaseOnce(key: string): Promise<void>;

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

  /** Resolves when the store answers; rejects (StoreUnavailableError for a network store) when it does not. */
  ping(): Promise<void>;
  /** Closes the connection; safe to call twice. */
  close(): Promise<void>;
}

/** What {@link Store.claimPost} needs: the channel's local day, the paper, and the retry policy. */
export interface PostClaim {
  channel: string;
  localDay: string;
  paperId: string;
  now: number;
  maxAttempts: number;
  retryAfterMs: number;
}

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
