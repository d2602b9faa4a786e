import { createConsoleAdapter, type ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { createDiscordAdapter } from '../adapters/discord/discord-adapter.js';
import { discordSettingsFrom } from '../adapters/discord/discord-settings.js';
import { createSlackAdapter } from '../adapters/slack/slack-adapter.js';
import { slackSettingsFrom } from '../adapters/slack/slack-settings.js';
import type { ChatAdapter } from './adapter.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createPaperBot } from './commands/answer.js';
import { ConfigError, loadConfig, secretValues } from './config.js';
import { syncConfigSubscriptions } from './posts/config-subscriptions.js';
import { runDailyTick } from './posts/daily-job.js';
import { createFollowAlerts } from './posts/follow-alerts.js';
import { startPostScheduler } from './posts/post-scheduler.js';
import { runWeeklyTick } from './posts/weekly-job.js';
import { restoreArchivedDigests } from './sources/digest/digest-archive.js';
import { CONSOLE_WAIT_MS, createLiveFeed } from './sources/huggingface/live-feed.js';
import { restoreLiveDays } from './sources/huggingface/restore-live-days.js';
import { setTimeout as delay } from 'node:timers/promises';
import { formatProblem, type ParsedDigest } from './sources/digest/digest-types.js';
import { watchDigestDir } from './sources/digest/watch-digest-dir.js';
import { ingestDigestDir } from './sources/digest/ingest-digest-dir.js';
import { PaperLibrary } from './library/library.js';
import { createLogger } from './ops/logger.js';
import { healthRoutes, healthServing, type ReadinessCheck } from './ops/health.js';
import { startHttpServer, type RunningHttpServer } from './ops/http-server.js';
import { GATEWAY_LEASE, startLeaderLease, type LeaderLease } from './ops/leader-lease.js';
import { syncArchivedDigests } from './store/archive-sync.js';
import { sharedOnceKeys } from './store/once-keys.js';
import { openStore } from './store/open-store.js';
import { StoreError } from './store/store.js';

// The composition root: config -> store -> digests -> library -> adapters -> daily schedule and digest watcher.

function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

async function main(): Promise<number> {
  // `npm start | head` closes stdout early: that is the reader leaving, not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  loadDotEnv();
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger });
  const library = new PaperLibrary();
  // Health and readiness (ops/health.ts). Another endpoint, such as /metrics, is one more entry in `routes`.
  let libraryLoaded = false;
  const readiness: ReadinessCheck[] = [
    { name: 'library', check: () => (libraryLoaded ? { ok: true, detail: `${library.size} papers` } : { ok: false, detail: 'loading the digests' }) },
    { name: 'store', check: async () => (await store.ping(), { ok: true, detail: store.location }) },
  ];
  const routes = [...healthRoutes(readiness)];
  const slackSettings = slackSettingsFrom(config);
  const serving = healthServing({ healthPort: config.HEALTH_PORT, port: config.PORT, slackHttp: slackSettings !== undefined && !slackSettings.appToken });
  // Its own server starts before the library loads, so probes see "alive, not ready" meanwhile.
  let healthServer: RunningHttpServer | undefined;
  if (serving.kind === 'own') healthServer = await startHttpServer({ routes, port: serving.port, host: config.HOST, logger });
  // The persisted index (see src/library/library-cache.ts) makes restarts fast.
  const cacheFile = join(config.DATA_DIR, 'library-index.json');
  const archive = (digest: ParsedDigest) =>
    store.archiveDigest(digest, Date.now()).catch((err: unknown) => logger.warn(`cannot archive ${digest.file} in ${store.location}: ${err instanceof Error ? err.message : String(err)}`));
  await ingestDigestDir(library, config.DIGEST_DIR, {
    now: new Date(),
    logger,
    cacheFile,
    onDigest: archive,
    // Papers the folder no longer gives: archived digests, and the days fetched from the live source.
    afterLoad: async (problemFiles) =>
      (await restoreArchivedDigests({ library, store, dir: config.DIGEST_DIR, problemFiles, logger })) + (await restoreLiveDays({ library, store, logger })),
  });
  // Digests other replicas archive from now on join this library too (the archive is the truth).
  const archiveSync = syncArchivedDigests({ store, library, known: await store.archivedFiles(), intervalMs: config.DIGEST_POLL_SECONDS * 1000, logger });
  libraryLoaded = true;
  const defaults = { time: config.DAILY_TIME, timezone: config.DAILY_TIMEZONE, days: config.DAILY_DAYS };
  const bot = createPaperBot(library, { store, dailyDefaults: defaults, logger });

  // Which adapters start follows from which credentials are set; with none, the console.
  const adapters: ChatAdapter[] = [];
  if (slackSettings) {
    // Event ids answered and abstracts posted are shared, so a retry that reaches another replica is not answered twice.
    const once = {
      events: sharedOnceKeys({ store, namespace: 'slack:event', ttlMs: 24 * 3_600_000, logger }),
      abstracts: sharedOnceKeys({ store, namespace: 'slack:abstract', ttlMs: 7 * 24 * 3_600_000, logger }),
    };
    adapters.push(createSlackAdapter({ bot, settings: slackSettings, logger, once, routes: serving.kind === 'slack' ? routes : [] }));
  }
  const discordSettings = discordSettingsFrom(config);
  // One gateway session per bot token: only the replica holding the lease connects; every replica posts over REST.
  const discord = discordSettings ? createDiscordAdapter({ bot, settings: discordSettings, logger, gateway: 'on-demand' }) : undefined;
  if (discord) adapters.push(discord);
  let console: ConsoleAdapter | undefined;
  if (adapters.length === 0) {
    console = createConsoleAdapter({ bot, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
    adapters.push(console);
  }
  for (const adapter of adapters) await adapter.start();
  for (const adapter of adapters) readiness.push({ name: adapter.platform, check: () => adapter.health?.() ?? { ok: true, detail: 'started' } });
  let gatewayLease: LeaderLease | undefined;
  if (discord) {
    gatewayLease = startLeaderLease({
      store,
      ...GATEWAY_LEASE,
      owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      onLead: () => discord.connectGateway(),
      onFollow: () => discord.disconnectGateway(),
      logger,
    });
    await gatewayLease.settled;
  }

  // The live source: fetched days join the running library as they arrive. The console waits for
  // the first sync (or its first trouble, at most 20 s) before answering, so a piped query sees fresh papers.
  const adapterMap = new Map(adapters.map((a) => [a.platform, a]));
  const alerts = createFollowAlerts({ store, library, adapters: adapterMap, logger });
  const alertNew = (ids: readonly string[]) =>
    alerts.onNewPapers(ids).catch((err: unknown) => logger.error(`follows: alerting failed: ${err instanceof Error ? err.message : String(err)}`));
  const live = config.HF_API === 'on' ? createLiveFeed({ config, store, library, logger, onNewPapers: alertNew }) : undefined;
  live?.start();
  if (console && live) console.waitFor(Promise.race([live.ready, delay(CONSOLE_WAIT_MS, undefined, { ref: false })]));

  await syncConfigSubscriptions(store, config, logger);
  const scheduler = startPostScheduler({
    store,
    logger,
    jobs: [
      { name: 'daily', run: async (now) => summary(await runDailyTick({ store, library, bot, adapters: adapterMap, logger }, now)) },
      { name: 'weekly', run: async (now) => summary(await runWeeklyTick({ store, library, adapters: adapterMap, logger }, now)) },
      { name: 'follows', run: () => alerts.retryFailed() },
    ],
  });
  const watcher = watchDigestDir({
    dir: config.DIGEST_DIR,
    intervalMs: config.DIGEST_POLL_SECONDS * 1000,
    onDigest: (digest) => {
      for (const p of digest.problems) (p.level === 'error' ? logger.error : logger.warn)(formatProblem(p));
      const added = library.addDigest(digest);
      archiveSync.markKnown(digest.file);
      void archive(digest);
      void alertNew(added.newPaperIds);
      logger.info(`Ingested ${digest.file}: ${added.papersAdded} new papers, ${added.appearancesAdded} new appearances (${library.size} papers in all)`);
    },
    onError: (message) => logger.warn(message),
  });

  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    watcher.stop();
    await live?.stop();
    archiveSync.stop();
    await scheduler.stop();
    // Released before the adapters stop, so another replica opens the gateway session at once.
    await gatewayLease?.stop();
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await healthServer?.close();
    await store.close();
    stopped();
  };
  process.once('SIGINT', () => void stopAll());
  process.once('SIGTERM', () => void stopAll());
  // The console ends with its input; platform adapters run until a signal.
  // (A console run also lets the start-up catch-up post finish, so `DAILY_CHANNELS=console` shows it.)
  if (console) await Promise.all([console.finished, scheduler.firstTick]).then(stopAll);
  await done;
  return 0;
}

/** "1 posted, 0 failed": a job's report for the debug log. */
function summary(report: { posted: unknown[]; failed: unknown[] }): string {
  return `${report.posted.length} posted, ${report.failed.length} failed`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof StoreError) {
      process.stderr.write(err instanceof ConfigError ? `${err.message}\nSee .env.example for every setting.\n` : `paperbot: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`paperbot: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
