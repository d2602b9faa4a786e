import type { Config } from '../../src/config.js';
import type { DiscordSettings } from './discord-adapter.js';

/** Discord's settings from the validated configuration, or undefined when Discord is not configured. */
export function discordSettingsFrom(config: Config): DiscordSettings | undefined {
  if (!config.DISCORD_TOKEN) return undefined;
  return {
    token: config.DISCORD_TOKEN,
    guildId: config.DISCORD_GUILD_ID,
    apiUrl: config.DISCORD_API_URL.replace(/\/+$/, ''),
    results: config.DISCORD_RESULTS,
    register: config.DISCORD_REGISTER,
    linkReplies: config.DISCORD_LINK_REPLIES,
  };
}
