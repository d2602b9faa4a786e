import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import { runDailyTick, type DailyJobDeps } from './daily-job.js';

/**
 * Runs the daily job every minute with node-cron, plus once at start (the
 * catch-up for a bot that was down at the scheduled minute). Several bot
 * processes may share one store: node-cron's distributed mode asks our
 * RunCoordinator, which claims each minute's run in the store, so one
 * process runs it; the per-channel, per-day claim in the store is the final
 * guard either way.
 */
export function startDailyScheduler(deps: DailyJobDeps, opts: { owner?: string } = {}): { stop(): Promise<void>; firstTick: Promise<void> } {
  const owner = opts.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const coordinator: RunCoordinator = {
    shouldRun: (key, ttlMs) => deps.store.claimRun(key, owner, Date.now(), ttlMs),
  };
  const tick = async () => {
    try {
      await runDailyTick(deps, new Date());
    } catch (err) {
      deps.logger.error(`daily: the daily job failed: ${err instanceof Error ? err.message : String(err)}`, { err });
    }
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
      await task.destroy();
    },
  };
}
