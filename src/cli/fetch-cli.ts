import { z } from 'zod';
import { ConfigError, loadConfig, secretValues } from '../config.js';
import { createLogger } from '../ops/logger.js';
import { createProgressBar } from '../ops/progress-bar.js';
import { IsoDaySchema } from '../sources/digest/digest-types.js';
import { createHfClient, HfApiError } from '../sources/huggingface/hf-client.js';
import { importLiveDays } from '../sources/huggingface/import-live-days.js';
import { oneLineError } from '../sources/huggingface/live-source.js';
import { createIngestSink } from '../sources/ingest-sink.js';
import { openStore } from '../store/open-store.js';
import { PAPERBOT_VERSION } from '../version.js';

// `npm run fetch -- --from YYYY-MM-DD [--to YYYY-MM-DD]`: imports a range of
// days from the Hugging Face daily-papers API into the store, once (an
// archive of years), with a progress bar. Days already stored and final are
// skipped, so it can be run again safely, and resumes where it stopped. The
// store is the one the bot opens (DATABASE_URL, else DATA_DIR), and the bot
// picks the days up at its next start.

const DAY_MS = 86_400_000;
const MAX_DAYS = 3_660;

const ArgsSchema = z
  .object({ from: IsoDaySchema, to: IsoDaySchema })
  .refine((a) => a.from <= a.to, { message: '--from must not be after --to' })
  .refine((a) => (Date.parse(a.to) - Date.parse(a.from)) / DAY_MS < MAX_DAYS, { message: `at most ${MAX_DAYS} days at a time` });

function parseArgs(argv: string[]): { from: string; to: string } | string {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(from|to)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) return `unknown argument "${argv[i]}"`;
    const value = m[2] ?? argv[++i];
    if (value === undefined) return `--${m[1]} needs a date (YYYY-MM-DD)`;
    values[m[1]!] = value;
  }
  if (!values.from) return '--from is required';
  const parsed = ArgsSchema.safeParse({ from: values.from, to: values.to ?? new Date().toISOString().slice(0, 10) });
  return parsed.success ? parsed.data : parsed.error.issues.map((i) => `${i.path.join('') || 'range'}: ${i.message}`).join('; ');
}

async function main(argv: string[]): Promise<number> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env
  }
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`paperbot fetch: ${args}\nusage: npm run fetch -- --from YYYY-MM-DD [--to YYYY-MM-DD]\n`);
    return 2;
  }
  // The bot's own choice of store: PostgreSQL when DATABASE_URL is set (what replicas share), else SQLite in DATA_DIR.
  const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger });
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort(new Error('interrupted')));
  process.once('SIGTERM', () => abort.abort(new Error('interrupted')));
  try {
    const final = new Set((await store.liveDayStatus()).filter((d) => d.final).map((d) => d.date));
    const days: string[] = [];
    for (let t = Date.parse(args.to); t >= Date.parse(args.from); t -= DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
    const todo = days.filter((d) => !final.has(d));
    process.stderr.write(`Fetching ${todo.length} of ${days.length} days from ${config.HF_API_URL} (${days.length - todo.length} already stored) into ${store.location}\n`);
    const client = createHfClient({
      baseUrl: config.HF_API_URL,
      token: config.HF_TOKEN,
      userAgent: `paperbot/${PAPERBOT_VERSION} (fetch)`,
      // An archive import can afford to wait out long rate-limit windows.
      maxWaitMs: 10 * 60_000,
      onRetry: (reason, waitMs) => logger.debug(`huggingface: ${reason}; retrying in ${Math.ceil(waitMs / 1000)} s`),
    });
    const bar = createProgressBar(process.stderr, todo.length, 'days');
    // The same way in as the bot's own fetches (src/sources/ingest-sink.ts), without a library.
    const sink = createIngestSink({ store, logger });
    const { papers, skipped, dropped, cuts } = await importLiveDays({ client, sink, dates: todo, logger, signal: abort.signal, onDay: (done, n) => bar.tick(done, `${n} papers`) });
    const leftOut = [skipped > 0 ? `${skipped} items skipped` : '', dropped > 0 ? `${dropped} fields dropped` : ''].filter(Boolean).join(', ');
    bar.end(`${papers} papers${leftOut ? `, ${leftOut} (LOG_LEVEL=debug lists them)` : ''}`);
    for (const cut of cuts) logger.warn(cut);
    process.stderr.write('Done. A running paperbot adds these days at its next start.\n');
    return 0;
  } catch (err) {
    const why = err instanceof HfApiError || abort.signal.aborted ? (err as Error).message : oneLineError(err);
    process.stderr.write(`\npaperbot fetch: stopped (${why}). Days fetched so far are stored; run the same command again to continue.\n`);
    return 1;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `paperbot fetch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof ConfigError ? 2 : 1;
  },
);
