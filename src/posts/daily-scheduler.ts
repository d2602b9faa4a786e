import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../store/store.js';
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
      const report = await runDailyTick(deps, new Date());
      deps.logger.debug(`daily: tick done (${report.posted.length} posted, ${report.failed.length} failed)`);
    } catch (err) {
      // A store that cannot be reached is retried by the next minute's tick: nothing was claimed or sent.
      if (err instanceof StoreUnavailableError) deps.logger.warn(`daily: ${err.message}; the daily post is tried again next minute`);
      else deps.logger.error(`daily: the daily job failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const describe = (m: string | Error, err?: Error) => [m instanceof Error ? m.message : m, err?.message].filter(Boolean).join(': ');
  const task: ScheduledTask = cron.schedule('* * * * *', tick, {
    name: 'paperbot-daily',
    noOverlap: true,
    distributed: true,
    runCoordinator: coordinator,
    distributedLease: 55_000,
    // node-cron's own lines (a run coordinator that failed: the store was unreachable) go to our log.
    logger: {
      info: (m) => deps.logger.debug(`daily(cron): ${m}`),
      warn: (m) => deps.logger.warn(`daily(cron): ${m}`),
      error: (m, err) => deps.logger.warn(`daily(cron): ${describe(m, err)}`),
      debug: (m, err) => deps.logger.debug(`daily(cron): ${describe(m, err)}`),
    },
  });
  const firstTick = tick();
  return {
    firstTick,
    async stop() {
      await task.destroy();
    },
  };
}
