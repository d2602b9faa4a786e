import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freshDatabase } from '../helpers/postgres.js';
import { BOT_USER_ID, FakeSlack, mentionEvent, sendSigned, slashCommandFields } from '../slack/fake-slack.js';
import { SEEDS, startReplica, waitReady, type Replica } from './replica.js';

// Two real paperbot processes in Slack HTTP mode, each with its own DATA_DIR
// and digest folder, sharing one PostgreSQL, behind which a load balancer
// would send each request to either: the tests send each request to one of
// them on purpose.

const SECRET = 'e2e-signing-secret-0123456789';
const TOKEN = 'xoxb-e2e-replica-token';
const FORM = 'application/x-www-form-urlencoded';
// Folders that live as long as the replicas (the whole file), removed at the end.
const made: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-replica-'));
  made.push(dir);
  return dir;
};
let fake: FakeSlack;
let databaseUrl: string;
let replicas: { a: Replica & { url: string; digests: string }; b: Replica & { url: string; digests: string } };

/** The settings every replica shares (as a Deployment would give them), plus this replica's own folders and port. */
async function replica(name: string) {
  const port = await freePort();
  const dataDir = scratch();
  const digests = scratch();
  cpSync(SEEDS, digests, { recursive: true });
  const r = startReplica(name, {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    DIGEST_DIR: digests,
    DIGEST_POLL_SECONDS: '0.5',
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    DAILY_CHANNELS: 'slack:CDAILY',
    DAILY_TIME: '00:00',
    DAILY_TIMEZONE: 'Pacific/Kiritimati', // UTC+14: always past 00:00 there, so the post is due at start
    LOG_LEVEL: 'debug',
  });
  return Object.assign(r, { url: `http://127.0.0.1:${port}`, digests });
}

async function slash(r: { url: string }, text: string, channel = 'CRESULTS', user = 'U0USER01') {
  const responseUrl = fake.responseUrl();
  const body = new URLSearchParams(slashCommandFields(text, responseUrl, user, channel)).toString();
  expect((await sendSigned(`${r.url}/slack/events`, body, { secret: SECRET, contentType: FORM })).status).toBe(200);
  return fake.until(() => fake.responses.find((res) => responseUrl.endsWith(res.path))?.body, 10_000);
}

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.admins.add('U0ADMIN1');
  databaseUrl = await freshDatabase();
  // Started together: they race to migrate the new database and to make the day's post.
  const [a, b] = await Promise.all([replica('a'), replica('b')]);
  replicas = { a, b };
  await Promise.all([waitReady(`${a.url}/readyz`), waitReady(`${b.url}/readyz`)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([replicas?.a.stop(), replicas?.b.stop()]);
  await fake?.stop();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('two Slack replicas on one PostgreSQL (real processes)', () => {
  it('post the daily paper once between them', async () => {
    const { a, b } = replicas;
    // Both have finished their first daily tick (the catch-up at start) and one has posted.
    await Promise.all([a.waitForLog(/daily: tick done/), b.waitForLog(/daily: tick done/)]);
    const posts = fake.messages.filter((m) => m.channel === 'CDAILY' && m.thread_ts === undefined);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Towards Principled Evaluations of Sparse Autoencoders');
    expect(fake.messages.filter((m) => m.channel === 'CDAILY' && m.thread_ts === posts[0]!.ts).length).toBeGreaterThan(0);
    expect(`${a.log()}${b.log()}`.match(/daily: posted /g)).toHaveLength(1);
  });

  it('list on one replica a subscription made through the other', async () => {
    const { a, b } = replicas;
    expect(await slash(a, 'subscribe 08:30 Europe/Paris', 'CSUBS', 'U0ADMIN1')).toMatchObject({ text: expect.stringContaining('Subscribed') });
    const listed = await slash(b, 'subscriptions', 'COTHER');
    expect(JSON.stringify(listed)).toContain('slack:CSUBS: at 08:30 Europe/Paris');
  });

  it('answer a Slack event once when its retry reaches the other replica', async () => {
    const { a, b } = replicas;
    const before = fake.callsOf('chat.postMessage').length;
    const payload = JSON.stringify(mentionEvent({ text: `<@${BOT_USER_ID}> sparse autoencoders`, ts: '1700000100.000100', eventId: 'EvE2E' }));
    expect((await sendSigned(`${a.url}/slack/events`, payload, { secret: SECRET, contentType: 'application/json' })).status).toBe(200);
    await fake.until(() => fake.callsOf('chat.postMessage').length === before + 1, 10_000);
    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    expect((await sendSigned(`${b.url}/slack/events`, payload, { secret: SECRET, contentType: 'application/json', headers: retry })).status).toBe(200);
    await b.waitForLog(/ignored retry 1 of event EvE2E/);
    expect(fake.callsOf('chat.postMessage')).toHaveLength(before + 1);
  });

  it('share a digest dropped into one replica’s folder with the other', async () => {
    const { a, b } = replicas;
    writeFileSync(join(a.digests, 'zebra.txt'), 'Apr 22\n\nZebra Finch Song Models\n\nWe model zebra finch songs. It works.\n');
    await b.waitForLog(/archive: added 1 papers from 1 digest another replica read \(zebra\.txt\)/);
    expect(JSON.stringify(await slash(b, 'zebra finch'))).toContain('Zebra Finch Song Models');
  });

  it('start a new replica with an empty DATA_DIR and no digest folder with the whole library', () => {
    const dir = scratch();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      input: 'help\nzebra finch\n',
      encoding: 'utf8',
      timeout: 30_000,
      // A console replica with the same daily settings as the others.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, HF_API: 'off', DATABASE_URL: databaseUrl, DATA_DIR: join(dir, 'data'), DIGEST_DIR: join(dir, 'no-such-folder'), DAILY_CHANNELS: 'slack:CDAILY', DAILY_TIME: '00:00', DAILY_TIMEZONE: 'Pacific/Kiritimati' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Library: 85 papers from 2 digest days');
    expect(run.stdout).toContain('Zebra Finch Song Models');
    expect(run.stderr).toMatch(/Kept 85 papers from earlier copies of 2 digests/);
  });
});
