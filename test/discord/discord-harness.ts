import { afterEach } from 'vitest';
import { createDiscordAdapter, type DiscordSettings } from '../../adapters/discord/discord-adapter.js';
import type { PaperBotOptions } from '../../src/commands/answer.js';
import { createLogger } from '../../src/ops/logger.js';
import { recordingBot } from '../helpers/recording-bot.js';
import { FakeDiscord, GUILD_ID } from './fake-discord.js';

export const TOKEN = 'fake-discord-bot-token.'.padEnd(60, 'x');
export const HOSTILE_TITLE = 'Hostile @everyone <@123> **bold** ||spoiler|| Attack';
export const HOSTILE_ABSTRACT = `We ping @here and <@&456>. ${'Long abstracts with **markdown** and ||spoilers|| are split safely. '.repeat(80)}`.trim();

/** Starts a fake Discord and the real discord.js client against it; both stopped after the test. */
export function useDiscord() {
  const started: { stop: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });
  return async (overrides: Partial<DiscordSettings> = {}, botOptions: Pick<PaperBotOptions, 'store'> = {}) => {
    const fake = await new FakeDiscord().start();
    const { library, core, bot, contexts } = recordingBot({ title: HOSTILE_TITLE, abstract: HOSTILE_ABSTRACT }, botOptions);
    const logs: string[] = [];
    const adapter = createDiscordAdapter({
      bot,
      logger: createLogger({ level: 'debug', write: (l) => logs.push(l), secrets: [TOKEN] }),
      settings: { token: TOKEN, guildId: GUILD_ID, apiUrl: fake.apiUrl, results: 'channel', register: 'off', ...overrides },
      rest: { timeout: 3000, retries: 2 },
    });
    started.push({
      stop: async () => {
        await adapter.stop();
        await fake.stop();
      },
    });
    await adapter.start();
    return { fake, adapter, contexts, logs, library, core };
  };
}
