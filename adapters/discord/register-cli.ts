import { REST, Routes } from 'discord.js';
import { z } from 'zod';
import { ConfigError, loadConfig, secretValues } from '../../src/config.js';
import { createLogger } from '../../src/ops/logger.js';
import { registerCommands } from './register.js';

// `npm run register`: registers /paper with Discord (guild or global) using
// DISCORD_TOKEN, without starting the bot.

async function main(): Promise<number> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env: the environment alone
  }
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  if (!config.DISCORD_TOKEN) {
    logger.error('DISCORD_TOKEN: required to register commands (the bot token from the Developer Portal)');
    return 2;
  }
  const rest = new REST({ api: config.DISCORD_API_URL, timeout: 15_000 }).setToken(config.DISCORD_TOKEN);
  const app = z.object({ id: z.string() }).parse(await rest.get(Routes.currentApplication()));
  await registerCommands({ rest, applicationId: app.id, guildId: config.DISCORD_GUILD_ID, logger });
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `paperbot: registering failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof ConfigError ? 2 : 1;
  },
);
