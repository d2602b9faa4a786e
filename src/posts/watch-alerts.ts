import { RecipientGoneError, type ChatAdapter } from '../adapter.js';
import { toCard } from '../commands/paper-views.js';
import type { LinkedCounts, Reply } from '../commands/reply.js';
import type { PaperLibrary } from '../library/library.js';
import { PAPER_API_SOURCE, type Paper } from '../library/paper.js';
import type { Logger } from '../ops/logger.js';
import { HfApiError } from '../sources/huggingface/hf-client.js';
import { HUB_KINDS, type HubKind, type HubLinks, type HubLinksClient } from '../sources/huggingface/hub-links.js';
import { oneLineError } from '../sources/huggingface/live-source.js';
import type { HubPaper, PaperApi } from '../sources/huggingface/paper-api.js';
import { UPVOTE_MARKS, type RunClaims, type Watch, type WatchSeen, type WatchStore } from '../store/store.js';
import { splitChannelKey } from './channel-key.js';
import { MAX_ATTEMPTS, RETRY_AFTER_MS } from './daily-job.js';

// Watch alerts: a watched paper's owner hears once of each change to it.
//
// - At each poll of the live source (after its sync, so the day's list has
//   updated the library): every active watch is compared with the library
//   (GitHub repository, project page, in a daily list, upvotes past 10, 50,
//   100): no request. Then the next few watched papers, least recently looked
//   at first, are looked up: the paper API (GitHub, project page, upvotes,
//   Daily Papers, for papers the daily lists no longer bring) and the Hub's
//   listings (models, datasets, Spaces tagged arxiv:<id>): four requests a
//   paper, {@link PAPERS_PER_POLL} papers a poll, so 100 watched papers cost 8
//   requests a poll and each is looked at every 50 polls. Papers watched by
//   several channels are asked once. Only one replica looks per poll interval
//   (a run claim in the store).
// - Each change has a key (`github`, `models:3`, `upvotes:50`, ...) claimed in
//   the store before sending, as follow alerts are: never twice to a watch,
//   across restarts and replicas, and a failed delivery is retried.
// - Every minute (the post scheduler): watches past their end say so once and
//   are removed; failed alerts due for a retry are sent again.

/** Papers looked up per poll (each costs one paper API request and {@link HubLinksClient.requestsPerPaper} listing requests). */
export const PAPERS_PER_POLL = 2;
/** Repository names an alert lists before "and N more". */
const NAMES_SHOWN = 5;
/** The key of a watch's "this watch has ended" message. */
const ENDED = 'ended';
const DAY_MS = 86_400_000;

export interface WatchAlertDeps {
  store: WatchStore & RunClaims;
  library: PaperLibrary;
  adapters: ReadonlyMap<string, ChatAdapter>;
  logger: Logger;
  now?: () => Date;
  /** This process, for the run claim of a poll's look (host, pid and a random part). */
  owner?: string;
  /** Papers looked up on the Hub per poll. */
  papersPerPoll?: number;
}

/** What one poll's look did. */
export interface WatchCheckReport {
  /** False when another replica looks in this poll interval. */
  ran: boolean;
  watches: number;
  /** Papers looked up on the Hub. */
  papers: number;
  /** Changes alerted (claimed and delivered, or failed and to be retried). */
  alerts: number;
  /** Why the Hub look stopped early, if it did. */
  failed?: string;
}

/** Where a look asks: the Hub's listings, and the paper API (absent: the library's word only). */
export interface WatchSources {
  links: HubLinksClient;
  papers?: Pick<PaperApi, 'lookup'>;
}

export interface WatchAlerts {
  /**
   * One poll's look at the watched papers (see above). `pollMs` names the
   * interval one replica claims; `signal` aborts it (shutdown).
   */
  check(sources: WatchSources | undefined, opts?: { signal?: AbortSignal; pollMs?: number }): Promise<WatchCheckReport>;
  /** The minute job: ends watches past their end (saying so once), and retries failed alerts. */
  tick(): Promise<string>;
}

/** One change to tell: its key (once per watch), what it says, and a line of detail. */
export interface WatchChange {
  key: string;
  /** "code released": the heading says "Watched paper: code released". */
  what: string;
  detail: string;
}

/** The heading of an alert of these changes. */
export function watchHeading(changes: readonly Pick<WatchChange, 'what'>[]): string {
  return `Watched paper: ${changes.map((c) => c.what).join(', ')}`;
}

/** The highest upvote mark a count has passed (0: none). */
export function upvoteMark(upvotes: number | undefined): number {
  return UPVOTE_MARKS.filter((m) => (upvotes ?? 0) >= m).at(-1) ?? 0;
}

/** What a watch sees of a paper now, from what the library or the paper API says of it (the Hub counts are left as they were). */
export function seenIn(paper: { githubRepo?: string; projectPage?: string; upvotes?: number; inDaily: boolean }, before: WatchSeen): WatchSeen {
  return {
    ...before,
    githubRepo: before.githubRepo ?? paper.githubRepo ?? null,
    projectPage: before.projectPage ?? paper.projectPage ?? null,
    inDaily: before.inDaily || paper.inDaily,
    upvoteMark: Math.max(before.upvoteMark, upvoteMark(paper.upvotes)),
  };
}

/** What a watch sees of a paper in the library now. */
export function seenInLibrary(paper: Paper | undefined, before: WatchSeen): WatchSeen {
  return paper ? seenIn({ ...paper, inDaily: inDailyList(paper) }, before) : before;
}

/** What a watch sees of a paper the paper API gives (it says whether it was on Daily Papers). */
export function seenOnHub(paper: HubPaper, before: WatchSeen): WatchSeen {
  return seenIn({ ...paper, inDaily: paper.dailyDate !== undefined }, before);
}

/** The Hub's counts a watch saw, as a card's `linked` (a count never looked up is left out). */
export function linkedOf(seen: WatchSeen): LinkedCounts {
  const linked: LinkedCounts = {};
  for (const kind of HUB_KINDS) {
    const n = seen[kind];
    if (n !== null) linked[kind] = n;
  }
  return linked;
}

/** Whether the library has the paper from a daily list (a digest or a day of the API), not only from a lookup. */
export function inDailyList(paper: Paper): boolean {
  return paper.appearances.some((a) => a.file !== PAPER_API_SOURCE);
}

const KIND_WORDS: Record<HubKind, { one: string; many: string; label: string }> = {
  models: { one: 'a model', many: 'models', label: 'Models' },
  datasets: { one: 'a dataset', many: 'datasets', label: 'Datasets' },
  spaces: { one: 'a Space', many: 'Spaces', label: 'Spaces' },
};

/**
 * What changed from `before` to `after`, as changes to alert. A Hub count
 * never looked up before (null) is a baseline, not news; a count that grew is
 * one change keyed by the new count (a count that drops and grows back to a
 * count already told is not told again).
 */
export function watchChanges(before: WatchSeen, after: WatchSeen, hub?: HubLinks): WatchChange[] {
  const changes: WatchChange[] = [];
  if (before.githubRepo === null && after.githubRepo !== null) changes.push({ key: 'github', what: 'code released', detail: `GitHub: ${after.githubRepo}` });
  if (before.projectPage === null && after.projectPage !== null) changes.push({ key: 'project', what: 'project page', detail: `Project page: ${after.projectPage}` });
  for (const kind of HUB_KINDS) {
    const was = before[kind];
    const now = after[kind];
    if (was === null || now === null || now <= was) continue;
    const words = KIND_WORDS[kind];
    const names = hub?.[kind] ?? [];
    const shown = names.slice(0, NAMES_SHOWN).join(', ');
    const rest = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '';
    changes.push({
      key: `${kind}:${now}`,
      what: now - was === 1 ? `${words.one} linked on the Hub` : `${now - was} ${words.many} linked on the Hub`,
      detail: `${words.label} on the Hub (${now}${now >= 100 ? '+' : ''})${shown === '' ? '' : `: ${shown}${rest}`}`,
    });
  }
  if (!before.inDaily && after.inDaily) changes.push({ key: 'daily', what: 'in the Hugging Face daily papers', detail: 'Now in the Hugging Face daily papers.' });
  if (after.upvoteMark > before.upvoteMark) {
    changes.push({ key: `upvotes:${after.upvoteMark}`, what: `past ${after.upvoteMark} upvotes`, detail: `More than ${after.upvoteMark} upvotes on Hugging Face.` });
  }
  return changes;
}

export function createWatchAlerts(deps: WatchAlertDeps): WatchAlerts {
  const now = deps.now ?? (() => new Date());
  const owner = deps.owner ?? `watch-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
  const papersPerPoll = deps.papersPerPoll ?? PAPERS_PER_POLL;
  const policy = () => ({ now: now().getTime(), maxAttempts: MAX_ATTEMPTS, retryAfterMs: RETRY_AFTER_MS });
  let outage: string | undefined;
  // One look at a time in this process: a slow poll's look and the next never write a watch's state at once.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const until = (w: Watch) => new Date(w.endsAt).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

  /** The message of claimed changes to a watch (or of its end); `seen`: what the watch saw of the paper, whose Hub counts the card shows. */
  function messageOf(w: Watch, changes: readonly WatchChange[], seen: WatchSeen): Reply {
    const paper = deps.library.get(w.paperId);
    const title = paper?.title ?? w.title;
    if (changes.some((c) => c.key === ENDED)) {
      const days = Math.max(1, Math.round((w.endsAt - w.createdAt) / DAY_MS));
      return { kind: 'info', title: `No longer watching “${title}”: a watch lasts ${days} ${days === 1 ? 'day' : 'days'}.`, lines: [`/paper watch ${w.arxivId} watches it again.`], notes: [] };
    }
    const heading = watchHeading(changes);
    const lines = [...changes.map((c) => c.detail), `Watching until ${until(w)}; /paper unwatch ${w.arxivId} stops it.`];
    // A paper the library does not hold (watched by arXiv id) is told with its link.
    if (!paper) return { kind: 'info', title: `${heading}: “${title}”`, lines: [...lines, `https://huggingface.co/papers/${w.arxivId}`], notes: [] };
    return { kind: 'card', heading, lines, cards: [toCard(paper, undefined, linkedOf(seen))], notes: [] };
  }

  /** Claims each change, and delivers the claimed ones to the watch's owner in one message. Resolves to how many were claimed. */
  async function deliver(w: Watch, changes: readonly WatchChange[], seen: WatchSeen = w.seen): Promise<number> {
    const claimed: WatchChange[] = [];
    for (const c of changes) {
      if (await deps.store.claimWatchAlert({ watchId: w.id, key: c.key, heading: c.what, detail: c.detail, ...policy() })) claimed.push(c);
    }
    if (claimed.length === 0) return 0;
    const keys = claimed.map((c) => c.key);
    const failAll = (error: string) => Promise.all(keys.map((k) => deps.store.markWatchAlertFailed(w.id, k, error)));
    const { platform, id } = splitChannelKey(w.owner);
    const adapter = deps.adapters.get(platform);
    if (!adapter) {
      await failAll(`the ${platform} adapter is not running`);
      return claimed.length;
    }
    try {
      const posted = await adapter.post({ id, person: w.kind === 'person' }, messageOf(w, claimed, seen));
      for (const k of keys) await deps.store.markWatchAlertSent(w.id, k, posted.messageId);
      if (keys.includes(ENDED)) await deps.store.removeWatch(w.owner, w.id);
      deps.logger.info(`watches: watch ${w.id} (arXiv ${w.arxivId}): ${keys.includes(ENDED) ? 'ended, and said so' : `alerted ${keys.join(', ')}`}`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (err instanceof RecipientGoneError) {
        await deps.store.removeWatch(w.owner, w.id);
        deps.logger.warn(`watches: dropped watch ${w.id} (arXiv ${w.arxivId}): ${error}`);
        return claimed.length;
      }
      await failAll(error);
      deps.logger.error(`watches: alerting watch ${w.id} failed (${error}); will retry up to ${MAX_ATTEMPTS} times`);
    }
    return claimed.length;
  }

  /** The active watches' papers to look up on the Hub this poll: by arXiv id, least recently looked at first. */
  function nextPapers(active: readonly Watch[]): string[] {
    const byPaper = new Map<string, { checked: number; first: number }>();
    for (const w of active) {
      const at = byPaper.get(w.arxivId);
      const checked = w.checkedAt ?? -1;
      byPaper.set(w.arxivId, at ? { checked: Math.min(at.checked, checked), first: Math.min(at.first, w.id) } : { checked, first: w.id });
    }
    return [...byPaper]
      .sort(([, a], [, b]) => a.checked - b.checked || a.first - b.first)
      .slice(0, papersPerPoll)
      .map(([arxivId]) => arxivId);
  }

  /** One paper's look: the paper API's word (when it has a page) and the Hub's listings. */
  async function lookUp(sources: WatchSources, arxivId: string, signal: AbortSignal | undefined): Promise<{ paper?: HubPaper; links: HubLinks }> {
    const found = await sources.papers?.lookup(arxivId, signal);
    const links = await sources.links.linksOf(arxivId, signal);
    return { ...(found?.kind === 'found' ? { paper: found.paper } : {}), links };
  }

  async function look(sources: WatchSources | undefined, signal: AbortSignal | undefined): Promise<Omit<WatchCheckReport, 'ran'>> {
    const at = now().getTime();
    const active = (await deps.store.listWatches()).filter((w) => w.endsAt > at);
    const report: Omit<WatchCheckReport, 'ran'> = { watches: active.length, papers: 0, alerts: 0 };
    // The next few papers, looked up; the first failure ends the lookups (the next poll goes on).
    const looked = new Map<string, { paper?: HubPaper; links: HubLinks }>();
    for (const arxivId of sources ? nextPapers(active) : []) {
      if (signal?.aborted) break;
      try {
        looked.set(arxivId, await lookUp(sources!, arxivId, signal));
        report.papers++;
      } catch (err) {
        if (signal?.aborted) break;
        report.failed = oneLineError(err);
        // An answer refused for this paper (not JSON, another paper's, too large) is this paper's: it waits
        // for its next turn, and the others go on. Hugging Face out of reach ends the lookups.
        if (err instanceof HfApiError && err.kind === 'bad-answer') {
          deps.logger.warn(`watches: cannot use Hugging Face's answer for arXiv ${arxivId} (${report.failed}); looking at it again in its next turn`);
          for (const w of active.filter((x) => x.arxivId === arxivId)) await deps.store.recordWatchCheck(w.id, at, w.seen);
          continue;
        }
        if (outage === undefined) deps.logger.warn(`watches: cannot look up watched papers on Hugging Face (${report.failed}); trying again at the next poll`);
        outage = report.failed;
        break;
      }
    }
    if (report.papers > 0 && report.failed === undefined && outage !== undefined) {
      deps.logger.info('watches: Hugging Face answers the lookups again');
      outage = undefined;
    }
    for (const w of active) {
      if (signal?.aborted) break;
      const found = looked.get(w.arxivId);
      // The first look is a baseline: what the paper API says then (the library may have been stale for an
      // old paper, its code released long ago) is no news, as the Hub's counts are not.
      const before = found?.paper && w.checkedAt === null ? seenOnHub(found.paper, w.seen) : w.seen;
      let after = seenInLibrary(deps.library.get(w.paperId), before);
      if (found?.paper) after = seenOnHub(found.paper, after);
      if (found) for (const kind of HUB_KINDS) after[kind] = found.links[kind].length;
      const changes = watchChanges(before, after, found?.links);
      report.alerts += await deliver(w, changes, after);
      // Recorded after the claims: a crash between them re-finds the changes, whose claims are taken.
      if (found || JSON.stringify(after) !== JSON.stringify(w.seen)) await deps.store.recordWatchCheck(w.id, found ? at : w.checkedAt, after);
    }
    return report;
  }

  return {
    check: (sources, opts = {}) =>
      serial(async () => {
        const at = now().getTime();
        // One replica looks per poll interval: the others' polls in it make no request.
        if (opts.pollMs !== undefined && !(await deps.store.claimRun(`watch-check:${Math.floor(at / opts.pollMs)}`, owner, at, opts.pollMs))) {
          return { ran: false, watches: 0, papers: 0, alerts: 0 };
        }
        return { ran: true, ...(await look(sources, opts.signal)) };
      }),

    tick: () =>
      serial(async () => {
        const at = now().getTime();
        const watches = await deps.store.listWatches();
        let ended = 0;
        for (const w of watches.filter((x) => x.endsAt <= at)) {
          ended += await deliver(w, [{ key: ENDED, what: 'watch ended', detail: '' }]);
        }
        // Failed alerts due again, one message per watch (an end retried says so, then removes the watch).
        const due = await deps.store.retryableWatchAlerts(policy());
        const byId = new Map(watches.map((w) => [w.id, w]));
        const byWatch = new Map<number, WatchChange[]>();
        for (const a of due) byWatch.set(a.watchId, [...(byWatch.get(a.watchId) ?? []), { key: a.key, what: a.heading, detail: a.detail }]);
        let retried = 0;
        for (const [watchId, changes] of byWatch) {
          const w = byId.get(watchId);
          if (w) retried += await deliver(w, changes);
        }
        return `${ended} ended, ${retried} retried`;
      }),
  };
}
