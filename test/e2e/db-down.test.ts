import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startPostgres } from '../helpers/postgres.js';
import { BOT_USER_ID, FakeSlack, mentionEvent, sendSigned, slashCommandFields } from '../slack/fake-slack.js';
import { SEEDS, startReplica, waitReady } from './replica.js';

// A real paperbot process on PostgreSQL while PostgreSQL stops and starts
// again: searches keep answering from memory, commands that need the store
// say to try again in a minute, and the daily post that fell due during the
// outage arrives once the database is back, once. The daily job runs on the
// minute, so this test waits for up to two minute boundaries.

const SECRET = 'e2e-signing-secret-0123456789';
const FORM = 'application/x-www-form-urlencoded';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('a replica while PostgreSQL is down (real processes)', () => {
  it('keeps answering searches, says the rest is temporarily unavailable, and posts the daily paper once PostgreSQL is back', { timeout: 240_000 }, async () => {
    const fake = await new FakeSlack().start();
    cleanup.push(() => fake.stop());
    fake.admins.add('U0ADMIN1');
    const postgres = await startPostgres();
    cleanup.push(() => postgres.destroy());
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'paperbot-replica-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const replica = startReplica('a', {
      DATABASE_URL: await postgres.createDatabase(),
      DATA_DIR: dataDir,
      DIGEST_DIR: SEEDS,
      SLACK_BOT_TOKEN: 'xoxb-e2e-replica-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
    });
    cleanup.push(() => replica.stop());
    const url = `http://127.0.0.1:${port}`;
    await waitReady(`${url}/readyz`);
    const slash = async (text: string, channel = 'CRESULTS', user = 'U0USER01') => {
      const responseUrl = fake.responseUrl();
      const started = performance.now();
      await sendSigned(`${url}/slack/events`, new URLSearchParams(slashCommandFields(text, responseUrl, user, channel)).toString(), { secret: SECRET, contentType: FORM });
      const body = await fake.until(() => fake.responses.find((r) => responseUrl.endsWith(r.path))?.body, 10_000);
      return { body: JSON.stringify(body), ms: performance.now() - started };
    };

    // Subscribe so the post falls due at the next minute, then stop PostgreSQL before that minute comes.
    if (new Date().getSeconds() > 45) await new Promise((r) => setTimeout(r, (61 - new Date().getSeconds()) * 1000));
    expect((await slash('subscribe 00:00 Pacific/Kiritimati', 'CDOWN', 'U0ADMIN1')).body).toContain('Subscribed');
    await postgres.stop();

    const up = await slash('sparse autoencoders');
    expect(up.body).toContain('Results for “sparse autoencoders”: 7 matches');
    // A second search with the store still down answers from memory just the same.
    expect((await slash('sparse autoencoders')).body).toContain('Results for “sparse autoencoders”: 7 matches');
    expect((await slash('subscriptions')).body).toContain('temporarily unavailable');
    // A mention is a search too: its event id cannot be checked with the other replicas, so this one decides alone.
    await sendSigned(`${url}/slack/events`, JSON.stringify(mentionEvent({ text: `<@${BOT_USER_ID}> sparse autoencoders`, ts: '1700000200.000100', eventId: 'EvDown' })), {
      secret: SECRET,
      contentType: 'application/json',
    });
    await fake.until(() => fake.callsOf('chat.postMessage').some((c) => c.args.thread_ts === '1700000200.000100'), 10_000);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { store: { ok: boolean } } }).checks.store.ok).toBe(false);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz?exclude=store`)).status).toBe(200);

    // The minute's daily job cannot reach the store, and says so.
    await replica.waitForLog(/posts\(cron\): Run coordinator failed; skipping execution/, 75_000);
    expect(fake.messages.filter((m) => m.channel === 'CDOWN')).toHaveLength(0);

    await postgres.start();
    const post = await fake.until(() => fake.messages.find((m) => m.channel === 'CDOWN' && m.thread_ts === undefined), 75_000);
    expect(post.text).toContain('Towards Principled Evaluations');
    await replica.waitForLog(/daily: tick done \(1 posted/);
    await waitReady(`${url}/readyz`);
    expect(fake.messages.filter((m) => m.channel === 'CDOWN' && m.thread_ts === undefined)).toHaveLength(1);
    expect(replica.log()).not.toContain(new URL(postgres.url()).password);
  });
});
