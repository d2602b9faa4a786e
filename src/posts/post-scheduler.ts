import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../ops/logger.js';
import type { Drainable } from '../ops/shutdown.js';
import { StoreUnavailableError, type RunClaims } from '../store/store.js';

/** One job the scheduler runs every minute: a name for logs, and what to do at `now` (resolving to a summary for the debug log, if any). */
export interface MinuteJob {
  name: string;
  run(now: Date): Promise<string | void>;
  /**
   * Work only this process can do, run every minute on every replica whether
   * or not it won the minute's run: the daily job writes the outcomes it holds
   * in memory (another replica may win every minute after the store is back).
   */
  everyReplica?(now: Date): Promise<void>;
}

/**
 * Runs the posting jobs (daily post, weekly recap, follow-alert retries)
 * every minute with node-cron, plus once at start (the catch-up for a bot
 * that was down at the scheduled minute). Several bot processes may share one
 * store: node-cron's distributed mode asks our RunCoordinator, which claims
 * each minute's run in the store, so one process runs it; the claims each job
 * makes in the store are the final guard either way. One job failing never
 * stops the others.
 */
/** The running schedule; a {@link Drainable}, so shutdown can wait for the tick in flight. */
export interface PostScheduler extends Drainable {
  /** The start-up catch-up tick. */
  firstTick: Promise<void>;
  /** Stops scheduling ticks; a tick in flight goes on (see `idle`). */
  stop(): Promise<void>;
}

export function startPostScheduler(
  deps: {
    store: RunClaims;
    logger: Logger;
    jobs: readonly MinuteJob[];
    /** Aborted at shutdown: no new tick starts. */
    signals?: { stop?: AbortSignal };
    /** Filled by the daily job with the posts being sent right now, for the shutdown's log. */
    sending?: ReadonlySet<string>;
  },
  opts: { owner?: string } = {},
): PostScheduler {
  const owner = opts.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const coordinator: RunCoordinator = {
    shouldRun: (key, ttlMs) => deps.store.claimRun(key, owner, Date.now(), ttlMs),
  };
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const tick = async () => {
    if (stopped || deps.signals?.stop?.aborted) return;
    const run = runJobs();
    inFlight.add(run);
    await run.finally(() => inFlight.delete(run));
  };
  const runJobs = async () => {
    const now = new Date();
    for (const job of deps.jobs) {
      if (deps.signals?.stop?.aborted) return;
      try {
        const summary = await job.run(now);
        deps.logger.debug(`${job.name}: tick done${summary ? ` (${summary})` : ''}`);
      } catch (err) {
        // A store that cannot be reached is retried by the next minute's tick: nothing was claimed or sent.
        if (err instanceof StoreUnavailableError) deps.logger.warn(`${job.name}: ${err.message}; tried again next minute`);
        else deps.logger.error(`${job.name}: the job failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  const local = deps.jobs.filter((job) => job.everyReplica);
  const localTick = async () => {
    if (stopped || deps.signals?.stop?.aborted) return;
    const run = (async () => {
      const now = new Date();
      for (const job of local) {
        await job.everyReplica!(now).catch((err: unknown) =>
          deps.logger.warn(`${job.name}: this replica's own upkeep failed: ${err instanceof Error ? err.message : String(err)}`),
        );
      }
    })();
    inFlight.add(run);
    await run.finally(() => inFlight.delete(run));
  };
  const describe = (m: string | Error, err?: Error) => [m instanceof Error ? m.message : m, err?.message].filter(Boolean).join(': ');
  // node-cron's own lines (a run coordinator that failed: the store was unreachable) go to our log.
  const logger = {
    info: (m: string) => deps.logger.debug(`posts(cron): ${m}`),
    warn: (m: string) => deps.logger.warn(`posts(cron): ${m}`),
    error: (m: string | Error, err?: Error) => deps.logger.warn(`posts(cron): ${describe(m, err)}`),
    debug: (m: string | Error, err?: Error) => deps.logger.debug(`posts(cron): ${describe(m, err)}`),
  };
  const task: ScheduledTask = cron.schedule('* * * * *', tick, {
    name: 'paperbot-posts',
    noOverlap: true,
    distributed: true,
    runCoordinator: coordinator,
    distributedLease: 55_000,
    logger,
  });
  // Not distributed: every replica runs its own part each minute.
  const localTask = local.length > 0 ? cron.schedule('* * * * *', localTick, { name: 'paperbot-posts-local', noOverlap: true, logger }) : undefined;
  const firstTick = tick();
  return {
    firstTick,
    async stop() {
      stopped = true;
      await task.destroy();
      await localTask?.destroy();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    pending() {
      if (deps.sending && deps.sending.size > 0) return [...deps.sending].map((post) => `the daily post to ${post}`);
      return inFlight.size > 0 ? ['the posting jobs'] : [];
    },
  };
}
