import type { AddResult, PaperLibrary } from '../library/library.js';
import { LIVE_SOURCE, paperId } from '../library/paper.js';
import type { Logger } from '../ops/logger.js';
import type { PaperSource } from '../ops/metrics.js';
import type { Store } from '../store/store.js';
import type { ParsedDigest } from './digest/digest-types.js';
import { liveDayListing, type LiveDay } from './huggingface/live-day.js';
import { lookedUpListing, type LookedUpPaper } from './huggingface/paper-api.js';
import { oneLineError } from './huggingface/live-source.js';

// The one way papers enter paperbot. Every source (the digest folder at start
// and while running, archived digests, other replicas' digests, days from the
// Hugging Face API, stored days, `npm run fetch`) hands what it read to the
// sink, which does what that origin calls for: keep it in the store, index
// it, count it, tell followers, note the digest file as known. What each
// origin gets is one table (ORIGINS), so a new source is one row and one
// call to `add`, and no source can forget a side effect the others have.

/** Where papers come from; decides, through {@link ORIGINS}, what adding them does. */
export type IngestOrigin =
  /** A digest file read from the folder at start (not taken from the index file or the store). */
  | 'digest-folder'
  /** A digest file the watcher read while running. */
  | 'digest-watch'
  /** The store's copy of a digest: a rebuild's unchanged files, files gone from the folder or now broken. */
  | 'digest-archived'
  /** A digest another replica read and archived. */
  | 'digest-replica'
  /** A day fetched from the Hugging Face API while running. */
  | 'live-fetch'
  /** A day fetched earlier, read back from the store at start. */
  | 'live-stored'
  /** A day `npm run fetch` imports into the store (there is no library: the bot adds it at its next start). */
  | 'live-import'
  /**
   * One paper looked up on the Hugging Face paper API because someone pasted a
   * link to it. Kept in the store by its paper id, so a save of it or a button
   * on its card finds it after a restart and on another replica. Not news to
   * followers: nobody published it, someone mentioned it.
   */
  | 'paper-lookup'
  /** A looked-up paper read back from the store, on demand (a save or a button names it). */
  | 'lookup-stored';

/** What a source hands the sink, by origin: a parsed digest, or a fetched day. */
export interface OriginItem {
  'digest-folder': ParsedDigest;
  'digest-watch': ParsedDigest;
  'digest-archived': ParsedDigest;
  'digest-replica': ParsedDigest;
  'live-fetch': LiveDay;
  'live-stored': LiveDay;
  'live-import': LiveDay;
  'paper-lookup': LookedUpPaper;
  'lookup-stored': LookedUpPaper;
}

type AnyItem = OriginItem[IngestOrigin];

/** How a failure to keep papers in the store is met. */
type Keep =
  /** Already in the store (or kept by the replica that read it): not written again. */
  | 'no'
  /** Written before the papers join the library; a failure is a warning, the papers still join. */
  | 'first'
  /** Written in the background after they joined: a slow store never holds up the folder watcher. */
  | 'background'
  /** Written, and a failure is the caller's (`npm run fetch` stops on it). */
  | 'or-throw';

interface OriginPolicy {
  keep: Keep;
  /** Counted in paperbot_papers_ingested_total under this source (the start-up load is counted once, by `loaded`). */
  meter?: PaperSource;
  /** Followers hear of the new papers when the pass ends. Not at start (nothing there is news) nor for another replica's digests (that replica alerts). */
  alert: boolean;
}

/** What adding papers does, by origin: the one place that decides it. */
export const ORIGINS = {
  'digest-folder': { keep: 'first', alert: false },
  'digest-watch': { keep: 'background', meter: 'digest', alert: true },
  'digest-archived': { keep: 'no', alert: false },
  'digest-replica': { keep: 'no', alert: false },
  'live-fetch': { keep: 'first', meter: LIVE_SOURCE, alert: true },
  'live-stored': { keep: 'no', alert: false },
  'live-import': { keep: 'or-throw', alert: false },
  'paper-lookup': { keep: 'background', meter: 'paper-lookup', alert: false },
  'lookup-stored': { keep: 'no', alert: false },
} as const satisfies Record<IngestOrigin, OriginPolicy>;

/** One source's way in: what it adds, and where one pass of it (a sync, a folder scan) ends. */
export interface SourceIntake<T> {
  /**
   * Adds one digest or day with its origin's side effects; resolves to what
   * it changed in the library (nothing without a library).
   */
  add(item: T): Promise<AddResult>;
  /**
   * One pass of the source ended (a sync of the live source, a look at the
   * folder): followers hear of every paper it brought in one alert each, so a
   * backfill of ten days is one message per follow, not ten.
   */
  endPass(): Promise<void>;
}

export interface IngestSink {
  /** The way in for one origin; a source keeps it for as long as it runs. */
  source<O extends IngestOrigin>(origin: O): SourceIntake<OriginItem[O]>;
  /** The library papers join; none for `npm run fetch`, which only fills the store. */
  readonly library: PaperLibrary | undefined;
  /** Papers in the library now (for progress lines). */
  readonly size: number;
  /** Whether a digest file is in the library already: the archive sync does not fetch it back. */
  knows(file: string): boolean;
  /** Notes digest files as in the library without adding them (the archive's list at start, loaded from the index file). */
  know(files: Iterable<string>): void;
  /** The start-up load is done: the library's papers are counted as ingested from the digests (most came from the index file, not through `add`). */
  loaded(): void;
}

export interface IngestSinkDeps {
  /** Absent: papers are only kept in the store. */
  library?: PaperLibrary;
  /** Where papers are kept; absent, nothing is (tests, and libraries built from a folder alone). */
  store?: Pick<Store, 'archiveDigest' | 'saveLiveDay' | 'keepLookedUp' | 'location'>;
  logger: Logger;
  metrics?: { recordIngested(source: PaperSource, papers: number): void };
  /** Follow alerts (src/posts/follow-alerts.ts); may be wired after the sink exists, as adapters start later. */
  onNewPapers?: (paperIds: readonly string[]) => Promise<void>;
  now?: () => number;
}

const NOTHING: AddResult = { papersAdded: 0, appearancesAdded: 0, papersUpdated: 0, newPaperIds: [] };

export function createIngestSink(deps: IngestSinkDeps): IngestSink {
  const known = new Set<string>();
  const now = deps.now ?? Date.now;
  const { library, store, logger } = deps;

  /** Writes the item to the store; a failure is warned about, unless the origin's caller wants it. */
  async function keep(item: AnyItem, policy: OriginPolicy): Promise<void> {
    if (!store || policy.keep === 'no') return;
    const write = 'file' in item ? store.archiveDigest(item, now()) : 'paper' in item ? store.keepLookedUp(paperId(item.paper.title), item, now()) : store.saveLiveDay(item);
    if (policy.keep === 'or-throw') return write;
    await write.catch((err: unknown) => logger.warn(keepFailure(item, store.location, err)));
  }

  function index(item: AnyItem, policy: OriginPolicy): AddResult {
    if ('file' in item) known.add(item.file);
    if (!library) return NOTHING;
    const added = 'file' in item ? library.addDigest(item) : library.addListing('paper' in item ? lookedUpListing(item) : liveDayListing(item));
    if (policy.meter !== undefined) deps.metrics?.recordIngested(policy.meter, added.papersAdded);
    return added;
  }

  return {
    library,
    get size() {
      return library?.size ?? 0;
    },
    knows: (file) => known.has(file),
    know: (files) => {
      for (const f of files) known.add(f);
    },
    loaded: () => deps.metrics?.recordIngested('digest', library?.size ?? 0),
    source<O extends IngestOrigin>(origin: O): SourceIntake<OriginItem[O]> {
      const policy: OriginPolicy = ORIGINS[origin];
      // The papers new to the library in the pass under way, and the adds not finished yet.
      const arrived: string[] = [];
      const pending = new Set<Promise<unknown>>();
      const add = async (item: AnyItem): Promise<AddResult> => {
        let added: AddResult;
        switch (policy.keep) {
          case 'first':
          case 'or-throw':
            await keep(item, policy);
            added = index(item, policy);
            break;
          case 'background':
            added = index(item, policy);
            void keep(item, policy);
            break;
          case 'no':
            added = index(item, policy);
            break;
          default: {
            const never: never = policy.keep;
            throw new Error(`ingest sink: unknown way of keeping papers: ${String(never)}`);
          }
        }
        if (policy.alert) arrived.push(...added.newPaperIds);
        return added;
      };
      return {
        add: (item) => {
          const adding = add(item);
          pending.add(adding);
          return adding.finally(() => pending.delete(adding));
        },
        async endPass() {
          // A pass ends once its adds are in the library (one may still wait on the store to keep it first).
          await Promise.allSettled([...pending]);
          const ids = arrived.splice(0);
          if (ids.length === 0 || !deps.onNewPapers) return;
          await deps.onNewPapers(ids).catch((err: unknown) => logger.error(`follows: alerting failed: ${err instanceof Error ? err.message : String(err)}`));
        },
      };
    },
  };
}

/** The warning for papers that could not be kept: they serve until restart, and a day is fetched again. */
function keepFailure(item: AnyItem, location: string, err: unknown): string {
  if ('file' in item) return `cannot archive ${item.file} in ${location}: ${err instanceof Error ? err.message : String(err)}`;
  if ('paper' in item) return `links: looked up ${item.paper.arxivId ?? item.paper.title} but cannot keep it in ${location} (${oneLineError(err)}); it serves until restart`;
  return `huggingface: fetched ${item.date} but cannot store it (${oneLineError(err)}); it is searchable until restart and will be fetched again`;
}
