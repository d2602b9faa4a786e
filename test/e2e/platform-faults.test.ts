import { describe, expect, it } from 'vitest';
import { FakeDiscord } from '../discord/fake-discord.js';
import { useBotProcesses, type BotProcess } from '../helpers/bot-process.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { BOT_USER_ID, FakeSlack, mentionEvent, sendSigned, slashCommandFields } from '../slack/fake-slack.js';

// Real bot processes (src/main.ts) against the loopback Slack fake: input that
// crashed the process, and a start that died with a stack dump.

const bot = useBotProcesses();
const tmp = useTmpDir();
const SECRET = 'test-signing-secret-0123';
const FORM = 'application/x-www-form-urlencoded';

function slackEnv(fake: FakeSlack, extra: Record<string, string> = {}) {
  return { DATA_DIR: tmp(), SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1', ...extra };
}

async function appUrl(p: BotProcess): Promise<string> {
  const [, port] = await p.waitFor(/slack: listening for requests on 127\.0\.0\.1:(\d+)/);
  return `http://127.0.0.1:${port}/slack/events`;
}

/** Sends a signed /paper and returns what the bot answered at the response_url. */
async function slash(fake: FakeSlack, url: string, text: string) {
  const responseUrl = fake.responseUrl();
  const res = await sendSigned(url, new URLSearchParams(slashCommandFields(text, responseUrl)).toString(), { secret: SECRET, contentType: FORM });
  expect(res.status).toBe(200);
  return fake.until(() => fake.responses.find((r) => responseUrl.endsWith(r.path))?.body, 10_000);
}

describe('a real bot process and the Slack fake', () => {
  it('answers a signed payload=null or JSON null with 400, and keeps answering', async () => {
    const fake = await new FakeSlack().start();
    try {
      const p = bot(slackEnv(fake));
      const url = await appUrl(p);
      // Before: an uncaught TypeError in Bolt's receiver, and exit code 1.
      expect((await sendSigned(url, 'payload=null', { secret: SECRET, contentType: FORM })).status).toBe(400);
      expect((await sendSigned(url, 'null', { secret: SECRET, contentType: 'application/json' })).status).toBe(400);
      expect(JSON.stringify((await slash(fake, url, 'sparse autoencoders')).blocks)).toContain('Sparse Autoencoders');
      expect(p.child.exitCode).toBeNull();
      p.kill('SIGTERM');
      expect(await p.exited()).toBe(0);
      expect(p.lines.join('\n')).not.toMatch(/TypeError|\n\s+at /);
    } finally {
      await fake.stop();
    }
  });

  it('refuses to start on a rejected token with one clear line, no stack, and exit code 1', async () => {
    const fake = await new FakeSlack().start();
    try {
      fake.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
      const p = bot(slackEnv(fake));
      expect(await p.exited()).toBe(1);
      const log = p.lines.join('\n');
      expect(log).toContain('paperbot: could not start: the Slack token was rejected (invalid_auth): check the bot token (SLACK_BOT_TOKEN)');
      expect(log).not.toContain('listening');
      expect(log).not.toMatch(/\n\s+at |WebAPIPlatformError/);
      expect(log).not.toContain('xoxb-test-token');
    } finally {
      await fake.stop();
    }
  });

  it('in Socket Mode, survives an envelope that throws inside the Slack SDK, logs it, and keeps answering', async () => {
    const fake = await new FakeSlack().start();
    try {
      const p = bot(slackEnv(fake, { SLACK_APP_TOKEN: 'xapp-test-token' }));
      await p.waitFor(/slack: connected \(Socket Mode\)/);
      await fake.until(() => fake.socketCount === 1);
      // @slack/socket-mode reads payload.event.type of an events_api envelope without checking it.
      fake.sendEnvelope({ envelope_id: 'env-null', type: 'events_api', payload: null });
      await p.waitFor(/unexpected error \((?:uncaught exception|unhandled rejection)\) .*paperbot keeps running: TypeError/);
      fake.sendEnvelope({ envelope_id: 'env-ok', type: 'events_api', payload: mentionEvent({ text: `<@${BOT_USER_ID}> quantiz`, ts: '1700000001.000100', eventId: 'EvOk' }) });
      const answer = await fake.until(() => fake.callsOf('chat.postMessage')[0], 10_000);
      expect(JSON.stringify(answer.args.blocks)).toContain('SplitQuant');
      p.kill('SIGTERM');
      expect(await p.exited()).toBe(0);
    } finally {
      await fake.stop();
    }
  });

  it('closes what did start when a later adapter cannot, instead of running half-started', async () => {
    const slack = await new FakeSlack().start();
    const discord = await new FakeDiscord().start();
    try {
      // Discord refuses the token (checked over REST at start, /users/@me).
      discord.script('GET', /^\/users\/@me$/, { status: 401, body: { message: '401: Unauthorized', code: 0 } });
      // Slack starts and listens; then Discord's token is refused.
      const p = bot(slackEnv(slack, { DISCORD_TOKEN: 'fake-discord-bot-token.'.padEnd(60, 'x'), DISCORD_API_URL: discord.apiUrl, DISCORD_REGISTER: 'off' }));
      await p.waitFor(/slack: listening/);
      // Before: the Slack server kept the process alive, answering nothing useful, after "could not start".
      expect(await p.exited()).toBe(1);
      expect(p.lines.join('\n')).toMatch(/paperbot: could not start: .*token/i);
    } finally {
      await slack.stop();
      await discord.stop();
    }
  });
});
