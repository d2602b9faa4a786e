import { afterEach } from 'vitest';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions, type SlackSettings } from '../../adapters/slack/slack-adapter.js';
import type { CommandContext, PaperBotOptions } from '../../src/commands/answer.js';
import { createLogger } from '../../src/ops/logger.js';
import { recordingBot } from '../helpers/recording-bot.js';
import { FakeSlack } from './fake-slack.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

/** A digest paper whose title and abstract try every trick on Slack's markup. */
export const HOSTILE_TITLE = 'Hostile <!channel> <@U123> & *bold* <https://evil.example|click> Attack';
export const HOSTILE_ABSTRACT = `We ping <!here> and <@U999>. ${'Long abstracts & markup <b> are split safely. '.repeat(110)}`.trim();

export interface Harness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  appUrl: string;
  contexts: (CommandContext | undefined)[];
  logs: string[];
}

/** Starts a fake Slack and the real Bolt app against it; both are stopped after the test. */
export function useSlack() {
  const started: Harness[] = [];
  afterEach(async () => {
    const fakes = new Set<FakeSlack>();
    for (const h of started.splice(0)) {
      await h.adapter.stop();
      fakes.add(h.fake);
    }
    for (const fake of fakes) await fake.stop();
  });
  /** Starts a bot; pass `shared` to start a second bot (a restart, a replica) against the same fake Slack. */
  return async (
    overrides: Partial<SlackSettings> = {},
    shared?: FakeSlack,
    { bot: botOptions, ...extra }: Pick<SlackAdapterOptions, 'once' | 'routes' | 'apiTimeoutMs' | 'http' | 'abandon' | 'retryConfig'> & { bot?: PaperBotOptions } = {},
  ): Promise<Harness> => {
    const fake = shared ?? (await new FakeSlack().start());
    const { bot, contexts } = recordingBot({ title: HOSTILE_TITLE, abstract: HOSTILE_ABSTRACT }, botOptions);
    const logs: string[] = [];
    const adapter = createSlackAdapter({
      bot,
      logger: createLogger({ level: 'debug', write: (l) => logs.push(l), secrets: ['xoxb-test-token'] }),
      settings: {
        botToken: 'xoxb-test-token',
        signingSecret: SIGNING_SECRET,
        apiUrl: fake.apiUrl,
        port: 0,
        host: '127.0.0.1',
        results: 'channel',
        managers: [],
        ...overrides,
      },
      retryConfig: { retries: 3, minTimeout: 5, maxTimeout: 20, factor: 1 },
      ...extra,
    });
    await adapter.start();
    const h = { fake, adapter, appUrl: `http://127.0.0.1:${adapter.port() ?? 0}/slack/events`, contexts, logs };
    started.push(h);
    return h;
  };
}
