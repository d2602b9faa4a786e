// `npm run loadtest`: Slack HTTP mode under a burst of slash commands. A real
// bot process (`src/main.ts`, as `npm start` runs it, on the bundled digest)
// talks to the loopback Slack fake; this script sends signed /paper commands,
// LOADTEST_CONCURRENCY at a time (50), LOADTEST_REQUESTS in all (1,000), and
// measures each acknowledgement (the HTTP answer Slack waits 3 s for), counts
// errors and the answers that reached their response_url, and reads the bot's
// RSS before and after. Everything is bounded: per request, per phase, overall.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSlack, slackSignature, slashCommandFields } from '../test/slack/fake-slack.js';
import { mb, ms, percentile } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REQUESTS = Number(process.env.LOADTEST_REQUESTS ?? 1_000);
const CONCURRENCY = Number(process.env.LOADTEST_CONCURRENCY ?? 50);
// Warm-up requests, sent LOADTEST_CONCURRENCY at a time: the JIT warms up and the connections exist.
const WARMUP = Number(process.env.LOADTEST_WARMUP ?? 200);
const SECRET = 'loadtest-signing-secret-0123456789';
const REQUEST_TIMEOUT_MS = 10_000;
const OVERALL_TIMEOUT_MS = 5 * 60_000;
// What people type: searches (some with typos or word starts), no-match, and the keyword commands.
const QUERIES = ['sparse autoencoders', 'diffusion', 'quantiz', 'difusion modles', 'mixture of experts', 'language models', 'zzqx', 'today', 'random', 'help', 'merging models page 2'];

interface Outcome {
  ackMs: number;
  /** The HTTP status, or what went wrong instead (a timeout, a reset connection). */
  status: number | string;
}

const fake = await new FakeSlack().start();
const dataDir = mkdtempSync(join(tmpdir(), 'paperbot-loadtest-'));
const bot = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'src/main.ts'], {
  cwd: ROOT,
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: 'xoxb-loadtest-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: process.env.LOADTEST_PORT ?? '0',
    HOST: '127.0.0.1',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const overall = setTimeout(() => {
  process.stderr.write(`loadtest: not done after ${OVERALL_TIMEOUT_MS / 1000} s; stopping\n`);
  bot.kill('SIGKILL');
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
overall.unref();

let log = '';
bot.stderr.on('data', (d: Buffer) => (log += d.toString()));
bot.stdout.on('data', (d: Buffer) => (log += d.toString()));

try {
  const port = await listeningPort();
  const url = `http://127.0.0.1:${port}/slack/events`;
  const cold = (await burst(url, WARMUP)).filter((o) => o.status === 200).map((o) => o.ackMs);
  await fake.until(() => fake.responses.length >= WARMUP, 30_000);
  const rssBefore = rss(bot.pid!);

  const started = performance.now();
  const outcomes = await burst(url, REQUESTS);
  const seconds = (performance.now() - started) / 1000;
  // Answers go to response_url after the ack; give the last ones a moment to arrive.
  await fake.until(() => fake.responses.length >= WARMUP + REQUESTS, 30_000).catch(() => undefined);
  const rssAfter = rss(bot.pid!);

  const acks = outcomes.filter((o) => o.status === 200).map((o) => o.ackMs);
  const errors = outcomes.filter((o) => o.status !== 200);
  const answered = fake.responses.length - WARMUP;
  const failedAnswers = fake.responses.slice(WARMUP).filter((r) => /something went wrong/i.test(String(r.body.text ?? ''))).length;
  const rows: [string, string][] = [
    ['requests / concurrency', `${REQUESTS} / ${CONCURRENCY}`],
    ['ack p50 / p90 / p99 / max', [50, 90, 99, 100].map((p) => ms(percentile(acks, p))).join(' / ')],
    [`warm-up (first ${WARMUP}, fresh process and connections) p50 / p99 / max`, [50, 99, 100].map((p) => ms(percentile(cold, p))).join(' / ')],
    ['acks over 3 s (Slack would retry them)', `${acks.filter((a) => a > 3_000).length} (warm-up: ${cold.filter((a) => a > 3_000).length})`],
    ['errors (non-200 or no answer)', `${errors.length}${errors.length ? ` (${summarize(errors)})` : ''}`],
    ['answers delivered to response_url', `${answered} of ${REQUESTS}${failedAnswers ? `, ${failedAnswers} "something went wrong"` : ''}`],
    ['throughput', `${(REQUESTS / seconds).toFixed(0)} commands/s over ${seconds.toFixed(1)} s`],
    ['bot RSS before / after', `${mb(rssBefore)} / ${mb(rssAfter)}`],
    // The bot, this script and the fake share the machine: its load says how much CPU the bot had.
    ['machine', `${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\npaperbot loadtest: Slack HTTP mode, signed /paper commands against a real bot process\n\n`);
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
  process.stdout.write('\n');
  if (/\n\s+at |unexpected error/.test(log)) process.stdout.write(`the bot logged errors:\n${log}\n`);
} finally {
  bot.kill('SIGTERM');
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => (bot.kill('SIGKILL'), resolve()), 15_000);
    bot.once('exit', () => (clearTimeout(kill), resolve()));
  });
  await fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
  clearTimeout(overall);
}

/** Sends `count` commands, CONCURRENCY at a time. */
async function burst(url: string, count: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      outcomes.push(await slash(url, QUERIES[i % QUERIES.length]!));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

/** Sends one signed slash command; resolves with its ack time and status. */
async function slash(url: string, text: string): Promise<Outcome> {
  const body = new URLSearchParams(slashCommandFields(text, fake.responseUrl())).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const start = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SECRET, timestamp, body) },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return { ackMs: performance.now() - start, status: res.status };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ackMs: performance.now() - start, status: cause ?? (err instanceof Error ? err.name : 'error') };
  }
}

/** The bot's port, from its "listening" line; bounded. */
function listeningPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start listening within 60 s:\n${log}`)), 60_000);
    const check = () => {
      const port = process.env.LOADTEST_PORT ?? /listening for requests on [\d.]+:(\d+)/.exec(log)?.[1];
      if (!port || !/listening for requests/.test(log)) return;
      clearTimeout(timer);
      bot.stderr.off('data', check);
      resolve(Number(port));
    };
    bot.stderr.on('data', check);
    bot.once('exit', (code) => reject(new Error(`the bot exited (${code}) before listening:\n${log}`)));
  });
}

function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? Number.NaN) * 1024;
}

function summarize(errors: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(String(e.status), (counts.get(String(e.status)) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n}x ${status}`).join(', ');
}
