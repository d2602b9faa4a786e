import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../ops/logger.js';
import type { Store } from '../store/store.js';

/** One job the scheduler runs every minute: a name for logs, and what to do at `now`. */
export interface MinuteJob {
  name: string;
  run(now: Date): Promise<unknown>;
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
export function startPostScheduler(deps: { store: Pick<Store, 'claimRun'>; logger: Logger; jobs: readonly MinuteJob[] }, opts: { owner?: string } = {}): { stop(): Promise<void>; firstTick: Promise<void> } {
  const owner = opts.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const coordinator: RunCoordinator = {
    shouldRun: (key, ttlMs) => deps.store.claimRun(key, owner, Date.now(), ttlMs),
  };
  const tick = async () => {
    const now = new Date();
    for (const job of deps.jobs) {
      try {
        await job.run(now);
      } catch (err) {
        deps.logger.error(`${job.name}: the job failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  const task: ScheduledTask = cron.schedule('* * * * *', tick, {
    name: 'paperbot-posts',
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
