import type { Config } from '../../src/config.js';
import type { SlackSettings } from './slack-adapter.js';

/** Slack's settings from the validated configuration, or undefined when Slack is not configured. */
export function slackSettingsFrom(config: Config): SlackSettings | undefined {
  if (!config.SLACK_BOT_TOKEN) return undefined;
  return {
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    appToken: config.SLACK_APP_TOKEN,
    apiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/`,
    port: config.PORT ?? 3000,
    host: config.HOST,
    results: config.SLACK_RESULTS,
    managers: (config.SLACK_MANAGERS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}
