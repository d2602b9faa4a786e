import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/slack-adapter.js';
import { createPaperBot } from '../../src/commands/answer.js';
import { createLogger } from '../../src/ops/logger.js';
import { sampleLibrary } from '../helpers/sample.js';
import { FakeSlack, sendSigned, slackSignature, slashCommandFields } from './fake-slack.js';
import { SIGNING_SECRET, useSlack, type Harness } from './slack-harness.js';

// Faults at Slack's edge: each one hung, crashed or silently degraded the bot before.

const slack = useSlack();
const FORM = 'application/x-www-form-urlencoded';

async function slashAnswered(h: Harness, text: string) {
  const responseUrl = h.fake.responseUrl();
  const body = new URLSearchParams(slashCommandFields(text, responseUrl)).toString();
  expect((await sendSigned(h.appUrl, body, { secret: SIGNING_SECRET, contentType: FORM })).status).toBe(200);
  return h.fake.until(() => h.fake.responses.find((r) => responseUrl.endsWith(r.path))?.body);
}

const view = async () => {
  const library = sampleLibrary();
  return (await createPaperBot(library).view(library.today(1)!.papers[0]!.paper.id))!;
};

describe('Slack HTTP mode: requests Slack never sends', () => {
  it('answers 400 to a signed JSON null or payload=null, and keeps serving', async () => {
    const h = await slack();
    // Before: Bolt's receiver threw a TypeError in a promise nobody awaited, and Node exited.
    expect((await sendSigned(h.appUrl, 'null', { secret: SIGNING_SECRET, contentType: 'application/json' })).status).toBe(400);
    expect((await sendSigned(h.appUrl, 'payload=null', { secret: SIGNING_SECRET, contentType: FORM })).status).toBe(400);
    expect((await sendSigned(h.appUrl, '[1,2]', { secret: SIGNING_SECRET, contentType: 'application/json' })).status).toBe(400);
    expect((await sendSigned(h.appUrl, 'payload=%22text%22', { secret: SIGNING_SECRET, contentType: FORM })).status).toBe(400);
    expect(h.logs.join('\n')).toContain('slack: a signed request carried a null body, which Slack never sends; answered 400');
    expect(JSON.stringify((await slashAnswered(h, 'sparse autoencoders')).blocks)).toContain('Sparse Autoencoders');
  });

  it('answers 401, not 400, when such a body is not signed', async () => {
    const h = await slack();
    expect((await sendSigned(h.appUrl, 'payload=null', { secret: SIGNING_SECRET, contentType: FORM, signature: 'v0=deadbeef' })).status).toBe(401);
    expect(h.logs.join('\n')).not.toContain('answered 400');
  });

  it('rejects a request dated more than 5 minutes in the future, as one 5 minutes old', async () => {
    const h = await slack();
    const body = new URLSearchParams(slashCommandFields('mixup', h.fake.responseUrl())).toString();
    const future = Math.floor(Date.now() / 1000) + 6 * 60;
    expect((await sendSigned(h.appUrl, body, { secret: SIGNING_SECRET, contentType: FORM, timestamp: future })).status).toBe(401);
    expect(h.logs.join('\n')).toMatch(/rejected a request dated \d+ s in the future/);
    // A clock a little ahead (Slack's or ours) is fine.
    const ahead = Math.floor(Date.now() / 1000) + 60;
    expect((await sendSigned(h.appUrl, body, { secret: SIGNING_SECRET, contentType: FORM, timestamp: ahead })).status).toBe(200);
    // Only that one was answered (both carried the same response_url).
    await h.fake.until(() => h.fake.responses.length > 0);
    expect(h.fake.responses).toHaveLength(1);
  });

  it('closes connections that trickle a request body instead of holding them for minutes', async () => {
    const h = await slack({}, undefined, { http: { requestTimeoutMs: 500 } });
    const port = h.adapter.port()!;
    const body = 'payload=' + 'x'.repeat(1000);
    const timestamp = Math.floor(Date.now() / 1000);
    const sockets: Socket[] = [];
    const closed = Array.from({ length: 30 }, () => {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.write(
        `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\nContent-Length: ${body.length}\r\n` +
          `X-Slack-Request-Timestamp: ${timestamp}\r\nX-Slack-Signature: ${slackSignature(SIGNING_SECRET, timestamp, body)}\r\n\r\n`,
      );
      // One byte every 100 ms: the body would take 100 s to arrive.
      let sent = 0;
      const drip = setInterval(() => socket.writable && socket.write(body[sent++] ?? ''), 100);
      return new Promise<string>((resolve) => {
        let answer = '';
        socket.on('data', (d) => (answer += String(d)));
        socket.on('close', () => {
          clearInterval(drip);
          resolve(answer);
        });
      });
    });
    try {
      // Node's default would keep them 300 s; the bound here is far below that.
      const answers = await Promise.race([Promise.all(closed), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('connections still open after 15 s')), 15_000))]);
      expect(answers.every((a) => a === '' || a.startsWith('HTTP/1.1 408'))).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
    }
    // The server still answers real requests.
    expect(JSON.stringify((await slashAnswered(h, 'quantiz')).blocks)).toContain('SplitQuant');
  });
});

describe('Slack Web API faults', () => {
  it('gives up a request Slack never answers, instead of hanging the daily post forever', async () => {
    const h = await slack({}, undefined, { apiTimeoutMs: 500 });
    h.fake.script('chat.postMessage', { hang: true }, { hang: true }, { hang: true }, { hang: true });
    // Each attempt times out, and after the retries (3 here) the post fails instead of waiting forever.
    await expect(h.adapter.postPaper('CDAILY', await view())).rejects.toThrow();
    expect(h.fake.callsOf('chat.postMessage').length).toBeGreaterThanOrEqual(1);
    expect(h.fake.messages).toEqual([]);
  });

  it('logs 5xx answers and rate limits while retrying them', async () => {
    const h = await slack();
    h.fake.script('chat.postMessage', { status: 500, body: { ok: false } }, { status: 429, headers: { 'retry-after': '0' } });
    await h.adapter.postPaper('CDAILY', await view());
    const log = h.logs.join('\n');
    expect(log).toContain('slack: chat.postMessage answered HTTP 500; retrying, and saying so when Slack answers');
    expect(log).toContain('slack: rate limited on chat.postMessage (HTTP 429, Retry-After 0 s)');
  });

  it('sends nothing more once abandoned: the retry loop ends at its next attempt', async () => {
    const abandon = new AbortController();
    // A second apart, so the signal comes while the client waits to retry.
    const h = await slack({}, undefined, { abandon: abandon.signal, retryConfig: { retries: 5, minTimeout: 1_000, maxTimeout: 1_000, factor: 1 } });
    h.fake.script('chat.postMessage', ...Array.from({ length: 10 }, () => ({ status: 503, body: { ok: false } })));
    const posting = h.adapter.postPaper('CDAILY', await view());
    posting.catch(() => undefined);
    await h.fake.until(() => h.fake.callsOf('chat.postMessage').length === 1);
    abandon.abort();
    await expect(posting).rejects.toThrow(/abandoned/);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });
});

describe('Slack Socket Mode faults', () => {
  it('says when the connection is lost and when it is back', async () => {
    const h = await slack({ appToken: 'xapp-test-app-token', signingSecret: undefined });
    await h.fake.until(() => h.fake.socketCount === 1);
    h.fake.dropSockets();
    await h.fake.until(() => h.logs.some((l) => l === 'slack: Socket Mode connection closed; reconnecting'), 15_000);
    await h.fake.until(() => h.logs.some((l) => /^slack: Socket Mode connected again after \d+ s$/.test(l)), 15_000);
    expect(h.fake.socketCount).toBe(1);
  });
});

describe('Slack start', () => {
  it.each([['http'], ['socket']])('refuses to start with a clear message when the token is rejected (%s mode)', async (mode) => {
    const fake = await new FakeSlack().start();
    fake.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const logs: string[] = [];
    const adapter = createSlackAdapter({
      bot: createPaperBot(sampleLibrary()),
      logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
      settings: {
        botToken: 'xoxb-test-token',
        signingSecret: SIGNING_SECRET,
        ...(mode === 'socket' ? { appToken: 'xapp-test-token' } : {}),
        apiUrl: fake.apiUrl,
        port: 0,
        host: '127.0.0.1',
        results: 'channel',
        managers: [],
      },
      retryConfig: { retries: 0 },
    });
    try {
      await expect(adapter.start()).rejects.toThrow('the Slack token was rejected (invalid_auth): check the bot token (SLACK_BOT_TOKEN)');
      expect(adapter.port()).toBeUndefined();
      expect(logs.join('\n')).not.toContain('listening');
    } finally {
      await adapter.stop();
      await fake.stop();
    }
  });

  it('refuses to start with a clear message when Slack cannot be reached', async () => {
    const fake = await new FakeSlack().start();
    const apiUrl = fake.apiUrl;
    await fake.stop(); // nothing listens there now
    const adapter = createSlackAdapter({
      bot: createPaperBot(sampleLibrary()),
      logger: createLogger({ level: 'silent' }),
      settings: { botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl, port: 0, host: '127.0.0.1', results: 'channel', managers: [] },
      retryConfig: { retries: 0 },
    });
    await expect(adapter.start()).rejects.toThrow(`cannot reach Slack at ${apiUrl} (ECONNREFUSED)`);
    await adapter.stop();
  });
});

