import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import type { Drainable } from '../ops/shutdown.js';
import { runDailyTick, type DailyJobDeps } from './daily-job.js';

/** The running daily schedule; a {@link Drainable}, so shutdown can wait for the tick in flight. */
export interface DailyScheduler extends Drainable {
  /** The start-up catch-up tick. */
  firstTick: Promise<void>;
  /** Stops scheduling ticks; a tick in flight goes on (see `idle`). */
  stop(): Promise<void>;
}

/**
 * Runs the daily job every minute with node-cron, plus once at start (the
 * catch-up for a bot that was down at the scheduled minute). Several bot
 * processes may share one store: node-cron's distributed mode asks our
 * RunCoordinator, which claims each minute's run in the store, so one
 * process runs it; the per-channel, per-day claim in the store is the final
 * guard either way.
 */
export function startDailyScheduler(deps: DailyJobDeps, opts: { owner?: string } = {}): DailyScheduler {
  const owner = opts.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const sending = (deps.sending ??= new Set());
  const coordinator: RunCoordinator = {
    shouldRun: (key, ttlMs) => deps.store.claimRun(key, owner, Date.now(), ttlMs),
  };
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const tick = async () => {
    if (stopped || deps.signals?.stop?.aborted) return;
    const run = runDailyTick(deps, new Date()).then(
      () => undefined,
      (err: unknown) => deps.logger.error(`daily: the daily job failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    inFlight.add(run);
    await run.finally(() => inFlight.delete(run));
  };
  const task: ScheduledTask = cron.schedule('* * * * *', tick, {
    name: 'paperbot-daily',
    noOverlap: true,
    distributed: true,
    runCoordinator: coordinator,
    distributedLease: 55_000,
  });
  const firstTick = tick();
  return {
    firstTick,
    async stop() {
      stopped = true;
      await task.destroy();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    pending() {
      if (sending.size > 0) return [...sending].map((post) => `the daily post to ${post}`);
      return inFlight.size > 0 ? ['the daily job'] : [];
    },
  };
}
