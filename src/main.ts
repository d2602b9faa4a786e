import { createConsoleAdapter, type ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { createDiscordAdapter } from '../adapters/discord/discord-adapter.js';
import { discordSettingsFrom } from '../adapters/discord/discord-settings.js';
import { createSlackAdapter } from '../adapters/slack/slack-adapter.js';
import { slackSettingsFrom } from '../adapters/slack/slack-settings.js';
import type { ChatAdapter } from './adapter.js';
import { join } from 'node:path';
import { createPaperBot } from './commands/answer.js';
import { ConfigError, loadConfig, secretValues } from './config.js';
import { syncConfigSubscriptions } from './posts/config-subscriptions.js';
import { startDailyScheduler } from './posts/daily-scheduler.js';
import { restoreArchivedDigests } from './sources/digest/digest-archive.js';
import { formatProblem, type ParsedDigest } from './sources/digest/digest-types.js';
import { watchDigestDir } from './sources/digest/watch-digest-dir.js';
import { ingestDigestDir } from './sources/digest/ingest-digest-dir.js';
import { PaperLibrary } from './library/library.js';
import { createLogger } from './ops/logger.js';
import { createMetrics } from './ops/metrics.js';
import { DB_FILE, openSqliteStore } from './store/sqlite/sqlite-store.js';
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
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets: secretValues(config) });
  const store = openSqliteStore(join(config.DATA_DIR, DB_FILE));
  const library = new PaperLibrary();
  // Served at GET /metrics by the health server (metrics.handler); the core records through it.
  const metrics = createMetrics({ librarySize: () => library.size, newestPaperAt: () => newestDigestDay(library) });
  // The persisted index (see src/library/library-cache.ts) makes restarts fast.
  const cacheFile = join(config.DATA_DIR, 'library-index.json');
  const archive = (digest: ParsedDigest) =>
    store.archiveDigest(digest, Date.now()).catch((err: unknown) => logger.warn(`cannot archive ${digest.file} in ${store.location}: ${err instanceof Error ? err.message : String(err)}`));
  const report = await ingestDigestDir(library, config.DIGEST_DIR, { now: new Date(), logger, cacheFile, onDigest: archive });
  await restoreArchivedDigests({ library, store, dir: config.DIGEST_DIR, problemFiles: report.problemFiles, logger });
  metrics.recordIngested('digest', library.size);
  const defaults = { time: config.DAILY_TIME, timezone: config.DAILY_TIMEZONE, days: config.DAILY_DAYS };
  const bot = createPaperBot(library, { store, dailyDefaults: defaults, logger, metrics });

  // Which adapters start follows from which credentials are set; with none, the console.
  const adapters: ChatAdapter[] = [];
  const slack = slackSettingsFrom(config);
  if (slack) adapters.push(createSlackAdapter({ bot, settings: slack, logger }));
  const discord = discordSettingsFrom(config);
  if (discord) adapters.push(createDiscordAdapter({ bot, settings: discord, logger }));
  let console: ConsoleAdapter | undefined;
  if (adapters.length === 0) {
    console = createConsoleAdapter({ bot, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
    adapters.push(console);
  }
  for (const adapter of adapters) await adapter.start();

  await syncConfigSubscriptions(store, config, logger);
  const scheduler = startDailyScheduler({ store, library, bot, adapters: new Map(adapters.map((a) => [a.platform, a])), logger, metrics });
  const watcher = watchDigestDir({
    dir: config.DIGEST_DIR,
    intervalMs: config.DIGEST_POLL_SECONDS * 1000,
    onDigest: (digest) => {
      for (const p of digest.problems) (p.level === 'error' ? logger.error : logger.warn)(formatProblem(p));
      const added = library.addDigest(digest);
      metrics.recordIngested('digest', added.papersAdded);
      void archive(digest);
      logger.info(`Ingested ${digest.file}: ${added.papersAdded} new papers, ${added.appearancesAdded} new appearances (${library.size} papers in all)`);
    },
    onError: (message) => {
      metrics.recordFetchError('digest');
      logger.warn(message);
    },
    onRecovered: (message) => logger.info(message),
  });

  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    watcher.stop();
    await scheduler.stop();
    await Promise.allSettled(adapters.map((a) => a.stop()));
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
    if (err instanceof ConfigError || err instanceof StoreError) {
      process.stderr.write(err instanceof ConfigError ? `${err.message}\nSee .env.example for every setting.\n` : `paperbot: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`paperbot: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
