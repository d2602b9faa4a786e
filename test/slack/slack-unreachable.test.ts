import { describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/slack-adapter.js';
import { createPaperBot } from '../../src/commands/answer.js';
import { createLogger } from '../../src/ops/logger.js';
import { freePort } from '../helpers/postgres.js';
import { recordingBot } from '../helpers/recording-bot.js';
import { sampleLibrary } from '../helpers/sample.js';
import { SIGNING_SECRET, useSlack } from './slack-harness.js';

// Slack failing is said once when it starts and once when it ends (Slack
// answers again) or a request is given up; the retries between are debug
// lines. A start with Slack unreachable printed `slack(bolt): http request
// failed fetch failed` once per attempt (6 lines in 39 s).

const slack = useSlack();
/** What an operator sees at the default level: every line but the debug ones. */
const shown = (lines: readonly string[]) => lines.filter((l) => !l.startsWith('debug:'));

describe('Slack unreachable or failing', () => {
  it('says once that Slack cannot be reached and once that it gave up, when a start finds no Slack', async () => {
    const lines: string[] = [];
    const apiUrl = `http://127.0.0.1:${await freePort()}/api/`;
    const { bot } = recordingBot({ title: 'A paper', abstract: 'An abstract.' });
    const adapter = createSlackAdapter({
      bot,
      logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
      settings: { botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl, port: 0, host: '127.0.0.1', results: 'channel', managers: [] },
      // Six attempts, as the default policy makes, a few milliseconds apart.
      retryConfig: { retries: 5, minTimeout: 5, maxTimeout: 20, factor: 1 },
    });
    try {
      await expect(adapter.start()).rejects.toThrow(/cannot reach Slack at http:\/\/127\.0\.0\.1:\d+\/api\/ \(ECONNREFUSED\)/);
    } finally {
      await adapter.stop();
    }
    expect(shown(lines)).toEqual([
      expect.stringMatching(/^warn: slack: cannot reach Slack at http:\/\/127\.0\.0\.1:\d+\/api\/ \(ECONNREFUSED\) for auth\.test; retrying, and saying so when it answers$/),
      expect.stringMatching(/^warn: slack: gave up on a request after 6 attempts; Slack has failed for \d+ s \(ECONNREFUSED\)$/),
    ]);
    // The attempts are still there for whoever debugs.
    expect(lines.filter((l) => l.startsWith('debug: slack(bolt): http request failed')).length).toBe(6);
  });

  it('says once that Slack fails and once that it answers again, however many retries it took', async () => {
    const h = await slack({}, undefined, { retryConfig: { retries: 5, minTimeout: 5, maxTimeout: 20, factor: 1 } });
    h.fake.script('chat.postMessage', { status: 500, body: { ok: false } }, { status: 503, body: { ok: false } }, { status: 502, body: { ok: false } });
    const library = sampleLibrary();
    const view = (await createPaperBot(library).view(library.today(1)!.papers[0]!.paper.id))!;
    const before = h.logs.length;
    await h.adapter.postPaper('CDAILY', view);
    expect(shown(h.logs.slice(before)).filter((l) => !l.startsWith('slack: joined'))).toEqual([
      'warn: slack: chat.postMessage answered HTTP 500; retrying, and saying so when Slack answers',
      expect.stringMatching(/^slack: Slack answers again, after \d+ s and 3 failed requests$/),
    ]);
  });
});
