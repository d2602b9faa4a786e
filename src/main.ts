import { createConsoleAdapter, type ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { discordSettingsFrom } from '../adapters/discord/discord-settings.js';
import { slackSettingsFrom } from '../adapters/slack/slack-settings.js';
import type { ChatAdapter } from './adapter.js';
import { join } from 'node:path';
import { createPaperBot } from './commands/answer.js';
import { ConfigError, loadConfig, secretValues } from './config.js';
import { syncConfigSubscriptions } from './posts/config-subscriptions.js';
import { startDailyScheduler } from './posts/daily-scheduler.js';
import { restoreArchivedDigests } from './sources/digest/digest-archive.js';
import { CONSOLE_WAIT_MS, createLiveFeed } from './sources/huggingface/live-feed.js';
import { restoreLiveDays } from './sources/huggingface/restore-live-days.js';
import { setTimeout as delay } from 'node:timers/promises';
import { formatProblem, type ParsedDigest } from './sources/digest/digest-types.js';
import { watchDigestDir } from './sources/digest/watch-digest-dir.js';
import { ingestDigestDir } from './sources/digest/ingest-digest-dir.js';
import { INDEX_FILE } from './library/library-file.js';
import { PaperLibrary } from './library/library.js';
import { createLogger } from './ops/logger.js';
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
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  const store = openSqliteStore(join(config.DATA_DIR, DB_FILE));
  const library = new PaperLibrary();
  // The persisted index (see src/library/library-index.ts) makes restarts fast.
  const cacheFile = join(config.DATA_DIR, INDEX_FILE);
  const archive = (digest: ParsedDigest) =>
    store.archiveDigest(digest, Date.now()).catch((err: unknown) => logger.warn(`cannot archive ${digest.file} in ${store.location}: ${err instanceof Error ? err.message : String(err)}`));
  await ingestDigestDir(library, config.DIGEST_DIR, {
    now: new Date(),
    logger,
    cacheFile,
    onDigest: archive,
    // A rebuild takes digests that did not change from the store instead of parsing them again.
    archived: (files) => store.archivedDigests(files),
    // Papers the folder no longer gives: archived digests, and the days fetched from the live source.
    afterLoad: async (problemFiles) =>
      (await restoreArchivedDigests({ library, store, dir: config.DIGEST_DIR, problemFiles, logger })) + (await restoreLiveDays({ library, store, logger })),
  });
  const defaults = { time: config.DAILY_TIME, timezone: config.DAILY_TIMEZONE, days: config.DAILY_DAYS };
  const bot = createPaperBot(library, { store, dailyDefaults: defaults, logger });

  // Which adapters start follows from which credentials are set; with none, the console.
  const adapters: ChatAdapter[] = [];
  // Imported only when configured: Bolt and discord.js take 0.3-0.45 s each to import.
  const slack = slackSettingsFrom(config);
  if (slack) adapters.push((await import('../adapters/slack/slack-adapter.js')).createSlackAdapter({ bot, settings: slack, logger }));
  const discord = discordSettingsFrom(config);
  if (discord) adapters.push((await import('../adapters/discord/discord-adapter.js')).createDiscordAdapter({ bot, settings: discord, logger }));
  let console: ConsoleAdapter | undefined;
  if (adapters.length === 0) {
    console = createConsoleAdapter({ bot, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
    adapters.push(console);
  }
  for (const adapter of adapters) await adapter.start();

  // The live source: fetched days join the running library as they arrive. The console waits for
  // the first sync (or its first trouble, at most 20 s) before answering, so a piped query sees fresh papers.
  const live = config.HF_API === 'on' ? createLiveFeed({ config, store, library, logger }) : undefined;
  live?.start();
  if (console && live) console.waitFor(Promise.race([live.ready, delay(CONSOLE_WAIT_MS, undefined, { ref: false })]));

  await syncConfigSubscriptions(store, config, logger);
  const scheduler = startDailyScheduler({ store, library, bot, adapters: new Map(adapters.map((a) => [a.platform, a])), logger });
  const watcher = watchDigestDir({
    dir: config.DIGEST_DIR,
    intervalMs: config.DIGEST_POLL_SECONDS * 1000,
    onDigest: (digest) => {
      for (const p of digest.problems) (p.level === 'error' ? logger.error : logger.warn)(formatProblem(p));
      const added = library.addDigest(digest);
      void archive(digest);
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
