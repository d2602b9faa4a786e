import { createConsoleAdapter, type ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { discordSettingsFrom } from '../adapters/discord/discord-settings.js';
import { slackSettingsFrom } from '../adapters/slack/slack-settings.js';
import type { ChatAdapter } from './adapter.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createPaperBot } from './commands/answer.js';
import { ConfigError, loadConfig, secretValues } from './config.js';
import { syncConfigSubscriptions } from './posts/config-subscriptions.js';
import { createDailyJob } from './posts/daily-job.js';
import { createFollowAlerts, type FollowAlerts } from './posts/follow-alerts.js';
import { createWatchAlerts } from './posts/watch-alerts.js';
import { createForYouJob } from './posts/foryou-job.js';
import { keepPrepared, type KeepPrepared } from './recommend/keep-prepared.js';
import { createRecommender } from './recommend/recommender.js';
import { libraryCorpus } from './commands/signal-keys.js';
import { startPostScheduler } from './posts/post-scheduler.js';
import { runWeeklyTick } from './posts/weekly-job.js';
import { restoreArchivedDigests } from './sources/digest/digest-archive.js';
import { CONSOLE_WAIT_MS, createLiveFeed } from './sources/huggingface/live-feed.js';
import { restoreLiveDays } from './sources/huggingface/restore-live-days.js';
import { createLiveStateTracker, type LiveSourceState } from './sources/huggingface/live-state.js';
import { setTimeout as delay } from 'node:timers/promises';
import { createIngestSink } from './sources/ingest-sink.js';
import { createPaperLookups } from './links/paper-lookups.js';
import { startDigestFeed } from './sources/digest/digest-feed.js';
import { ingestDigestDir } from './sources/digest/ingest-digest-dir.js';
import { INDEX_FILE } from './library/library-file.js';
import { PaperLibrary } from './library/library.js';
import { createLogger } from './ops/logger.js';
import { healthRoutes, healthServing, storeCheck, type ReadinessCheck } from './ops/health.js';
import { startHttpServer, type RunningHttpServer } from './ops/http-server.js';
import { GATEWAY_LEASE, startLeaderLease, type LeaderLease } from './ops/leader-lease.js';
import { syncArchivedDigests } from './store/archive-sync.js';
import { sharedOnceKeys } from './store/once-keys.js';
import { openStore } from './store/open-store.js';
import { installProcessGuard } from './ops/process-guard.js';
import { createShutdown, type Shutdown } from './ops/shutdown.js';
import { createMetrics } from './ops/metrics.js';
import { StoreError } from './store/store.js';

// The composition root: config -> store -> digests -> library -> adapters -> daily schedule and digest watcher.

function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Set once there is something to shut down; a failed start then closes what did start. */
let shutdown: Shutdown | undefined;

async function main(): Promise<number> {
  // `npm start | head` closes stdout early: that is the reader leaving, not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  loadDotEnv();
  const config = loadConfig(process.env);
  // Log lines go to stderr; once the console runs, through it, so none lands on the prompt line.
  let logLine: (line: string) => void = (line) => void process.stderr.write(`${line}\n`);
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets: secretValues(config), write: (line) => logLine(line) });
  installProcessGuard(logger);
  // From here on SIGTERM and SIGINT stop paperbot within a deadline (src/ops/shutdown.ts).
  shutdown = createShutdown({ logger });
  const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger });
  shutdown.onClose('store', () => store.close()); // registered first, so closed last
  const library = new PaperLibrary();
  // Served at GET /metrics beside the health routes; the core records through it.
  const metrics = createMetrics({ librarySize: () => library.size, newestPaperAt: () => newestDigestDay(library) });
  // Health and readiness (ops/health.ts), and the metrics: one list of routes.
  let libraryLoaded = false;
  const readiness: ReadinessCheck[] = [
    { name: 'library', check: () => (libraryLoaded ? { ok: true, detail: `${library.size} papers` } : { ok: false, detail: 'loading the digests' }) },
    storeCheck(store),
  ];
  const routes = [...healthRoutes(readiness), { path: '/metrics', handle: metrics.handler }];
  const slackSettings = slackSettingsFrom(config);
  const serving = healthServing({ healthPort: config.HEALTH_PORT, port: config.PORT, slackHttp: slackSettings !== undefined && !slackSettings.appToken });
  // Its own server starts before the library loads, so probes see "alive, not ready" meanwhile.
  let healthServer: RunningHttpServer | undefined;
  if (serving.kind === 'own') healthServer = await startHttpServer({ routes, port: serving.port, host: config.HOST, logger });
  if (healthServer) shutdown.onClose('health server', () => healthServer.close());
  // The persisted index (see src/library/library-index.ts) makes restarts fast.
  const cacheFile = join(config.DATA_DIR, INDEX_FILE);
  // Every source adds papers through the sink (src/sources/ingest-sink.ts): it keeps, indexes, counts and alerts.
  // Follow alerts need the adapters, which start later; nothing loaded at start is alerted anyway.
  let alerts: FollowAlerts | undefined;
  // The for-you vectors are built again after new papers arrive (debounced), once the bot is ready.
  let prepared: KeepPrepared | undefined;
  const sink = createIngestSink({
    library,
    store,
    logger,
    metrics,
    onNewPapers: async (ids) => {
      prepared?.changed();
      await alerts?.onNewPapers(ids);
    },
  });
  const ingested = await ingestDigestDir(library, config.DIGEST_DIR, {
    now: new Date(),
    logger,
    cacheFile,
    sink,
    // A rebuild takes digests that did not change from the store instead of parsing them again.
    archived: (files) => store.archivedDigests(files),
    archivedFiles: () => store.archivedFiles(),
    // Papers the folder no longer gives: archived digests, and the days fetched from the live source.
    afterLoad: async (problemFiles) =>
      (await restoreArchivedDigests({ sink, store, dir: config.DIGEST_DIR, problemFiles, logger })) + (await restoreLiveDays({ sink, store, logger })),
  });
  // Closed before the store: a fold of new papers into the index file in flight is let finish.
  const index = ingested.index;
  if (index) shutdown.onClose('search index', () => index.close());
  // Digests other replicas archive from now on join this library too (the archive is the truth).
  sink.know(await store.archivedFiles());
  const archiveSync = syncArchivedDigests({ store, sink, intervalMs: config.DIGEST_POLL_SECONDS * 1000, logger });
  shutdown.onStop('archive sync', () => archiveSync.stop());
  libraryLoaded = true;
  sink.loaded();
  const defaults = { time: config.DAILY_TIME, timezone: config.DAILY_TIMEZONE, days: config.DAILY_DAYS };
  // What the live source is doing, so `today`, `week` and the recap can say why their newest day is old.
  const liveState = config.HF_API === 'on' ? createLiveStateTracker() : undefined;
  const liveSource = (): LiveSourceState => liveState?.get() ?? { state: 'off' };
  const voteEmoji = new Set(config.VOTE_EMOJI);
  // One for-you model for the commands and the daily for-you post: its vectors are built once per library version.
  const recommender = createRecommender(libraryCorpus(library));
  // Abstracts posted in threads are shared, so a click on another replica or after a restart does not post one twice.
  const threadAbstracts = sharedOnceKeys({ store, namespace: 'thread:abstract', ttlMs: 7 * 24 * 3_600_000, logger });
  // Pasted links and arXiv ids: the library, else the Hugging Face paper API (papers looked up join through the sink).
  const papers = createPaperLookups({ config, library, sink, kept: store, logger, signal: shutdown.abandon });
  const bot = createPaperBot(library, { store, dailyDefaults: defaults, logger, metrics, liveSource, threadAbstracts, papers, watchDays: config.WATCH_DAYS, voteEmoji, recommender });

  // Which adapters start follows from which credentials are set; with none, the console.
  const adapters: ChatAdapter[] = [];
  // Imported only when configured: Bolt and discord.js take 0.3-0.45 s each to import.
  if (slackSettings) {
    // Event ids answered are shared, so a retry that reaches another replica is not answered twice.
    const once = { events: sharedOnceKeys({ store, namespace: 'slack:event', ttlMs: 24 * 3_600_000, logger }) };
    const { createSlackAdapter } = await import('../adapters/slack/slack-adapter.js');
    adapters.push(createSlackAdapter({ bot, settings: slackSettings, logger, once, routes: serving.kind === 'slack' ? routes : [], abandon: shutdown.abandon }));
  }
  const discordSettings = discordSettingsFrom(config);
  // One gateway session per bot token: only the replica holding the lease connects; every replica posts over REST.
  const discord = discordSettings
    ? (await import('../adapters/discord/discord-adapter.js')).createDiscordAdapter({ bot, settings: discordSettings, logger, gateway: 'on-demand', abandon: shutdown.abandon })
    : undefined;
  if (discord) adapters.push(discord);
  let console: ConsoleAdapter | undefined;
  if (adapters.length === 0) {
    console = createConsoleAdapter({ bot, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
    logLine = console.log;
    adapters.push(console);
  }
  for (const adapter of adapters) shutdown.onClose(`${adapter.platform} adapter`, () => adapter.stop());
  for (const adapter of adapters) await adapter.start();
  for (const adapter of adapters) readiness.push({ name: adapter.platform, check: () => adapter.health?.() ?? { ok: true, detail: 'started' } });
  // The bot answers now; the for-you vectors (about 1 s of work at 10k papers, in steps that yield to
  // the event loop) are built from the next turn on, so the first `foryou` does not build them itself;
  // only once someone has saved or voted, so a bot nobody asks for papers-for-you does not carry them.
  const keeping = keepPrepared(recommender, logger, { wanted: () => store.hasSignals() });
  prepared = keeping;
  shutdown.onStop('for-you vectors', () => keeping.stop());
  let gatewayLease: LeaderLease | undefined;
  if (discord) {
    gatewayLease = startLeaderLease({
      store,
      ...GATEWAY_LEASE,
      owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      // Without a shared database no other replica can take over: the lease's lines are debug lines.
      shared: config.DATABASE_URL !== undefined,
      onLead: (signal) => discord.connectGateway(signal),
      onFollow: () => discord.disconnectGateway(),
      logger,
    });
    await gatewayLease.settled;
    // Closed before the adapters (closes run in reverse order), so another replica opens the gateway session at once.
    const lease = gatewayLease;
    shutdown.onClose('gateway lease', () => lease.stop());
  }

  // The live source: fetched days join the running library as they arrive. The console waits for
  // the first sync (or its first trouble, at most 20 s) before answering, so a piped query sees fresh papers.
  const adapterMap = new Map(adapters.map((a) => [a.platform, a]));
  const followAlerts = createFollowAlerts({ store, library, adapters: adapterMap, logger });
  alerts = followAlerts;
  // Alerts go out once per sync (all the days it brought), so a backfill is one message per follow.
  // Watched papers: looked at after each sync of the live source (one replica per poll interval), ended and retried every minute.
  const watchAlerts = createWatchAlerts({ store, library, adapters: adapterMap, logger, owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}` });
  const live = liveState ? createLiveFeed({ config, store, sink, logger, metrics, state: liveState, watches: watchAlerts, onBackfilled: () => index?.foldPending() }) : undefined;
  live?.start();
  if (live) shutdown.onStop('live source', () => live.stop());
  if (console && live) console.waitFor(Promise.race([live.ready, delay(CONSOLE_WAIT_MS, undefined, { ref: false })]));

  await syncConfigSubscriptions(store, config, logger);
  // The daily post in flight may finish within the shutdown's deadline, then is abandoned (and retried later).
  const sending = new Set<string>();
  const dailySignals = { stop: shutdown.stopping, abandon: shutdown.abandon };
  // One job for the process: it remembers between minutes what the store could not take yet.
  const forYou = createForYouJob({ store, library, now: () => new Date(), voteEmoji, recommender, liveSource, adapters: adapterMap, logger });
  const daily = createDailyJob({ store, library, bot, adapters: adapterMap, logger, signals: dailySignals, sending, metrics });
  const scheduler = startPostScheduler({
    store,
    logger,
    signals: { stop: shutdown.stopping },
    jobs: [
      { name: 'daily', run: async (now) => summary(await daily.tick(now)), everyReplica: () => daily.flush() },
      { name: 'weekly', run: async (now) => summary(await runWeeklyTick({ store, library, adapters: adapterMap, logger, liveSource }, now)) },
      { name: 'foryou', run: async (now) => (({ posted, failed }) => `${posted} posted, ${failed} failed`)(await forYou.tick(now)), everyReplica: () => forYou.flush() },
      { name: 'follows', run: () => followAlerts.retryFailed() },
      { name: 'watches', run: () => watchAlerts.tick() },
    ],
    sending,
  });
  shutdown.onStop('post schedule', () => scheduler.stop());
  shutdown.drain('posts', scheduler);
  // Digest files dropped in the folder from now on; followers hear once per look at the folder.
  const watcher = startDigestFeed({ sink, dir: config.DIGEST_DIR, intervalMs: config.DIGEST_POLL_SECONDS * 1000, logger, metrics });
  shutdown.onStop('digest watcher', () => watcher.stop());

  // The console ends with its input; platform adapters run until a signal.
  // (A console run also lets the start-up catch-up post finish, so `DAILY_CHANNELS=console` shows it.)
  if (console) {
    await Promise.all([console.finished, scheduler.firstTick]);
    await shutdown.run('end of input', { quiet: true });
  }
  return new Promise<never>(() => undefined); // the shutdown exits the process
}

/** "1 posted, 0 failed": a job's report for the debug log. */
function summary(report: { posted: unknown[]; failed: unknown[] }): string {
  return `${report.posted.length} posted, ${report.failed.length} failed`;
}

/** The newest digest day as an instant (00:00 UTC), for the newest-paper age gauge. */
function newestDigestDay(library: PaperLibrary): Date | undefined {
  const day = library.days()[0];
  return day === undefined ? undefined : new Date(`${day}T00:00:00Z`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    let code = 1;
    if (err instanceof ConfigError || err instanceof StoreError) {
      process.stderr.write(err instanceof ConfigError ? `${err.message}\nSee .env.example for every setting.\n` : `paperbot: ${err.message}\n`);
      code = 2;
    } else {
      process.stderr.write(`paperbot: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    // Whatever did start (a listening server, the store) is closed, so the process ends.
    if (shutdown) void shutdown.run('could not start', { code, quiet: true });
    else process.exitCode = code;
  },
);
