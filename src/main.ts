import { createConsoleAdapter, type ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { createDiscordAdapter } from '../adapters/discord/discord-adapter.js';
import { discordSettingsFrom } from '../adapters/discord/discord-settings.js';
import { createSlackAdapter } from '../adapters/slack/slack-adapter.js';
import { slackSettingsFrom } from '../adapters/slack/slack-settings.js';
import type { ChatAdapter } from './adapter.js';
import { createPaperBot } from './commands/answer.js';
import { ConfigError, loadConfig, secretValues } from './config.js';
import { ingestDigestDir } from './ingest.js';
import { PaperLibrary } from './library/library.js';
import { createLogger } from './logger.js';

// The composition root: config -> digests -> library -> adapters.

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
  const library = new PaperLibrary();
  await ingestDigestDir(library, config.DIGEST_DIR, { now: new Date(), logger });
  const bot = createPaperBot(library);

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

  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  const stopAll = async () => {
    await Promise.allSettled(adapters.map((a) => a.stop()));
    stopped();
  };
  process.once('SIGINT', () => void stopAll());
  process.once('SIGTERM', () => void stopAll());
  // The console ends with its input; platform adapters run until a signal.
  if (console) await console.finished.then(stopAll);
  await done;
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`paperbot: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
