import { join } from 'node:path';
import { createConsoleAdapter } from '../adapters/console/console-adapter.js';
import type { ChatAdapter } from './adapter.js';
import { createPaperBot } from './commands/answer.js';
import { ConfigError, loadConfig } from './config.js';
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
  const logger = createLogger({ level: config.LOG_LEVEL });
  const library = new PaperLibrary();
  // The persisted index (see src/library/library-cache.ts) makes restarts fast.
  const cacheFile = join(config.DATA_DIR, 'library-index.json');
  await ingestDigestDir(library, config.DIGEST_DIR, { now: new Date(), logger, cacheFile });
  const bot = createPaperBot(library);

  const console = createConsoleAdapter({
    bot,
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY),
  });
  const adapters: ChatAdapter[] = [console];
  for (const adapter of adapters) await adapter.start();

  const stopAll = async () => {
    await Promise.allSettled(adapters.map((a) => a.stop()));
  };
  process.once('SIGINT', () => void stopAll());
  process.once('SIGTERM', () => void stopAll());
  await console.finished;
  await stopAll();
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
