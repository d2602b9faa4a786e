import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { describe, expect, it } from 'vitest';
import { localTime } from '../../src/posts/local-time.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { CHANNEL_ID, FakeDiscord } from '../discord/fake-discord.js';
import { useBotProcesses, type BotProcess } from '../helpers/bot-process.js';
import { until } from '../helpers/loopback.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { FakeSlack } from '../slack/fake-slack.js';

// Real bot processes (src/main.ts) against the loopback fakes, stopped with
// SIGTERM while a platform is failing. Before the shutdown deadline, each of
// these was still running long after the signal (or, for a gateway that never
// answered, was killed by the signal instead of exiting).

const bot = useBotProcesses();
const tmp = useTmpDir();
const DISCORD_TOKEN = 'fake-discord-bot-token.'.padEnd(60, 'x');
// Midnight in the first time zone of the day: the start-up catch-up tick posts at once.
const DAILY = { DAILY_TIME: '00:00', DAILY_TIMEZONE: 'Pacific/Kiritimati' };
// The whole shutdown is bounded at about 10 s; a process still running 25 s after the signal fails the test.
const EXIT_BOUND_MS = 25_000;

function slackEnv(fake: FakeSlack, dataDir: string, extra: Record<string, string> = {}) {
  return {
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'test-signing-secret-0123',
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    ...extra,
  };
}

function discordEnv(apiUrl: string, dataDir: string, extra: Record<string, string> = {}) {
  return { DATA_DIR: dataDir, DISCORD_TOKEN, DISCORD_API_URL: apiUrl, DISCORD_REGISTER: 'off', ...extra };
}

/** The ledger row of a channel's post today (or yesterday, if the day turned) in Kiritimati. */
async function postRow(dataDir: string, channel: string) {
  const store = openSqliteStore(join(dataDir, 'paperbot.db'));
  try {
    const now = Date.now();
    for (const at of [now, now - 86_400_000]) {
      const row = await store.getPost(channel, localTime(new Date(at), DAILY.DAILY_TIMEZONE).day);
      if (row) return row;
    }
    return undefined;
  } finally {
    await store.close();
  }
}

/** Sends SIGTERM and expects a clean exit (0) within the bound, with the post in flight given up. */
async function terminatesCleanly(p: BotProcess): Promise<string> {
  p.kill('SIGTERM');
  expect(await p.exited(EXIT_BOUND_MS)).toBe(0);
  const log = p.lines.join('\n');
  expect(log).toContain('shutdown (SIGTERM)');
  expect(log).toMatch(/shutdown: done in \d+ ms/);
  expect(log).not.toMatch(/database connection is not open|\n\s+at /);
  return log;
}

describe('SIGTERM while a platform is failing: a clean exit within the deadline', () => {
  it('Slack answering 500 to every post: the post is given up, recorded as failed, and the process exits 0', async () => {
    const fake = await new FakeSlack().start();
    try {
      fake.script('chat.postMessage', ...Array.from({ length: 200 }, () => ({ status: 500, body: { ok: false } })));
      const dataDir = tmp();
      const p = bot(slackEnv(fake, dataDir, { DAILY_CHANNELS: 'slack:CDAILY', ...DAILY }));
      await p.waitFor(/slack: listening/);
      await fake.until(() => fake.callsOf('chat.postMessage').length >= 1, 15_000);
      const log = await terminatesCleanly(p);
      expect(log).toContain('shutdown: still in flight: the daily post to slack:CDAILY');
      expect(log).toContain('daily: gave up the post to slack:CDAILY');
      expect(log).toContain('slack: chat.postMessage answered HTTP 500; retrying');
      expect(await postRow(dataDir, 'slack:CDAILY')).toMatchObject({ status: 'failed', error: expect.stringMatching(/abandoned/) });
    } finally {
      await fake.stop();
    }
  });

  it('Slack answering 429 to every post', async () => {
    const fake = await new FakeSlack().start();
    try {
      fake.script('chat.postMessage', ...Array.from({ length: 200 }, () => ({ status: 429, headers: { 'retry-after': '2' } })));
      const dataDir = tmp();
      const p = bot(slackEnv(fake, dataDir, { DAILY_CHANNELS: 'slack:CDAILY', ...DAILY }));
      await fake.until(() => fake.callsOf('chat.postMessage').length >= 1, 15_000);
      const log = await terminatesCleanly(p);
      expect(log).toContain('slack: rate limited on chat.postMessage (HTTP 429, Retry-After 2 s)');
      expect(await postRow(dataDir, 'slack:CDAILY')).toMatchObject({ status: 'failed' });
    } finally {
      await fake.stop();
    }
  });

  it('Discord answering 429 to every message: rate limits are logged, and the process exits 0', async () => {
    const fake = await new FakeDiscord().start();
    try {
      const limited = { status: 429, body: { message: 'You are being rate limited.', retry_after: 1, global: false }, headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' } };
      fake.script('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`), ...Array.from({ length: 200 }, () => limited));
      const dataDir = tmp();
      const p = bot(discordEnv(fake.apiUrl, dataDir, { DAILY_CHANNELS: `discord:${CHANNEL_ID}`, ...DAILY }));
      await fake.until(() => fake.callsTo('POST', /\/messages$/).length >= 2, 15_000);
      const log = await terminatesCleanly(p);
      expect(log).toContain('discord: rate limited on POST /channels/:id/messages');
      expect(log).toContain(`daily: gave up the post to discord:${CHANNEL_ID}`);
      expect(await postRow(dataDir, `discord:${CHANNEL_ID}`)).toMatchObject({ status: 'failed' });
    } finally {
      await fake.stop();
    }
  });

  it('Discord gateway lost after connecting: the loss is logged, and the process exits 0', async () => {
    const fake = await new FakeDiscord().start();
    const p = bot(discordEnv(fake.apiUrl, tmp()));
    await p.waitFor(/discord: connected to the gateway as/);
    await fake.stop();
    await p.waitFor(/discord: no gateway connection/);
    await terminatesCleanly(p);
  });

  it('Discord gateway that accepts connections and never answers, during start: the process exits 0', async () => {
    const silent = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => silent.once('listening', resolve));
    const fake = await new FakeDiscord().start();
    try {
      const gateway = { status: 200, body: { url: `ws://127.0.0.1:${(silent.address() as { port: number }).port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
      fake.script('GET', /^\/gateway\/bot$/, ...Array.from({ length: 20 }, () => gateway));
      const p = bot(discordEnv(fake.apiUrl, tmp()));
      await until(() => silent.clients.size > 0, 15_000, 'a connection to the silent gateway');
      await terminatesCleanly(p);
    } finally {
      for (const ws of silent.clients) ws.terminate();
      await new Promise((resolve) => silent.close(resolve));
      await fake.stop();
    }
  });

  it('a post in flight that succeeds within the deadline is finished and recorded before the store closes', async () => {
    const fake = await new FakeSlack().start();
    try {
      // Each message takes 1.5 s: the signal comes while the first is on the wire.
      fake.script('chat.postMessage', ...Array.from({ length: 5 }, () => ({ delayMs: 1_500 })));
      const dataDir = tmp();
      const p = bot(slackEnv(fake, dataDir, { DAILY_CHANNELS: 'slack:CDAILY', ...DAILY }));
      await fake.until(() => fake.callsOf('chat.postMessage').length >= 1, 15_000);
      const log = await terminatesCleanly(p);
      expect(log).toContain('daily: posted');
      expect(fake.messages.filter((m) => m.channel === 'CDAILY')).toHaveLength(2); // the post and its abstract
      expect(await postRow(dataDir, 'slack:CDAILY')).toMatchObject({ status: 'sent' });
    } finally {
      await fake.stop();
    }
  });

  it('a second signal exits at once', async () => {
    const fake = await new FakeSlack().start();
    try {
      fake.script('chat.postMessage', ...Array.from({ length: 200 }, () => ({ status: 500, body: { ok: false } })));
      const p = bot(slackEnv(fake, tmp(), { DAILY_CHANNELS: 'slack:CDAILY', ...DAILY }));
      await fake.until(() => fake.callsOf('chat.postMessage').length >= 1, 15_000);
      p.kill('SIGTERM');
      await p.waitFor(/shutdown \(SIGTERM\)/);
      p.kill('SIGTERM');
      expect(await p.exited(EXIT_BOUND_MS)).toBe(143);
      expect(p.lines.join('\n')).toContain('shutdown: second SIGTERM; exiting now (still pending: the daily post to slack:CDAILY');
    } finally {
      await fake.stop();
    }
  });
});
