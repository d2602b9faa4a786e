import { z } from 'zod';
import { normalizeEmoji } from './commands/command-module.js';
import { DEFAULT_VOTE_EMOJI } from './commands/signal-keys.js';
import { parseWeekdays } from './posts/weekdays.js';
import { LogFormatSchema, LogLevelSchema } from './ops/logger.js';
import { ChannelKeySchema, TimeOfDaySchema, TimeZoneSchema } from './store/store.js';
import { databasePassword, isPostgresUrl } from './store/postgres/database-url.js';

// Every setting comes from the environment (or a .env file loaded into it),
// checked here once at start. Only this file and main.ts read process.env.

const CoreEnv = z.object({
  DIGEST_DIR: z.string().min(1).default('seeds'),
  DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: LogLevelSchema.default('info'),
  LOG_FORMAT: LogFormatSchema.default('text'),
});

// --- Slack (adapters/slack) -------------------------------------------------
const SlackEnv = z.object({
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, 'expected the signing secret from the app\u2019s Basic Information page').optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
  SLACK_API_URL: z.url({ message: 'expected a URL such as https://slack.com/api/' }).default('https://slack.com/api/'),
  SLACK_RESULTS: z.enum(['channel', 'ephemeral']).default('channel'),
  SLACK_MANAGERS: z
    .string()
    .regex(/^\s*[UW][A-Z0-9]+(\s*,\s*[UW][A-Z0-9]+)*\s*$/, 'expected Slack user ids separated by commas, e.g. U0123ABCD,U0456EFGH')
    .optional(),
  // No default here: Slack's HTTP mode listens on 3000 when unset (slack-settings.ts), and the health
  // server starts only when PORT or HEALTH_PORT is set explicitly, so no port opens that nobody asked for.
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
});

// --- Discord (adapters/discord) ---------------------------------------------
const Snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17 to 20 digits)');
const DiscordEnv = z.object({
  DISCORD_TOKEN: z.string().min(50, 'expected the bot token from the Developer Portal (Bot -> Reset Token)').optional(),
  DISCORD_GUILD_ID: Snowflake.optional(),
  DISCORD_API_URL: z.url({ message: 'expected a URL such as https://discord.com/api' }).default('https://discord.com/api'),
  DISCORD_RESULTS: z.enum(['channel', 'ephemeral']).default('channel'),
  DISCORD_REGISTER: z.enum(['auto', 'off']).default('auto'),
  // On: reply by itself to messages holding paper links (a compact card each, a few a minute per channel).
  // Needs the privileged Message Content intent: Developer Portal -> Bot -> Privileged Gateway Intents.
  DISCORD_LINK_REPLIES: z.enum(['on', 'off']).default('off'),
});

// --- Daily post (src/daily) and new digests without restart ---------------
const DailyEnv = z.object({
  DAILY_CHANNELS: z
    .string()
    .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(ChannelKeySchema))
    .default([]),
  DAILY_TIME: TimeOfDaySchema.default('09:00'),
  DAILY_TIMEZONE: TimeZoneSchema.default('UTC'),
  DAILY_DAYS: z
    .string()
    .transform((s, ctx) => {
      const days = parseWeekdays(s);
      if (!days) ctx.addIssue({ code: 'custom', message: 'expected weekdays such as mon-fri, mon,wed,fri or daily' });
      return days ?? [];
    })
    .default([0, 1, 2, 3, 4, 5, 6]),
  DIGEST_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
});

// --- The team's signal (saves and reactions; src/commands/vote.ts) ----------
const SignalEnv = z.object({
  /** Reactions that vote for a paper: Slack emoji names and Discord's Unicode emoji, comma-separated. */
  VOTE_EMOJI: z
    .string()
    .transform((s) => s.split(',').map((e) => normalizeEmoji(e.replace(/^:|:$/g, ''))).filter(Boolean))
    .pipe(z.array(z.string().min(1).max(100)).min(1, 'expected at least one emoji, e.g. +1,star,👍,⭐'))
    .default(DEFAULT_VOTE_EMOJI.map(normalizeEmoji)),
});

// --- The Hugging Face daily-papers API (src/sources/huggingface) ------------
const HuggingFaceEnv = z.object({
  HF_API: z.enum(['on', 'off']).default('on'),
  HF_API_URL: z.url({ protocol: /^https?$/, message: 'expected a URL such as https://huggingface.co' }).default('https://huggingface.co'),
  HF_TOKEN: z.string().min(8, 'expected a Hugging Face access token (hf_...)').optional(),
  HF_BACKFILL_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  HF_POLL_MINUTES: z.coerce.number().min(0.05).max(1440).default(30),
  /** How long `/paper watch` watches a paper before the watch ends by itself (and says so). */
  WATCH_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

// --- Several replicas (src/store/postgres, src/ops) -------------------------
const ReplicaEnv = z.object({
  /** Set: the PostgreSQL store every replica shares; unset: SQLite in DATA_DIR. */
  DATABASE_URL: z.string().refine(isPostgresUrl, 'expected postgres://user:password@host:5432/database').optional(),
  /** The health server's port (/healthz, /readyz), when it should differ from PORT. */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

const EnvSchema = CoreEnv.extend(SlackEnv.shape).extend(DiscordEnv.shape).extend(DailyEnv.shape).extend(HuggingFaceEnv.shape).extend(ReplicaEnv.shape).extend(SignalEnv.shape).superRefine((env, ctx) => {
  const slackSet = [env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN].some((v) => v !== undefined);
  if (slackSet && !env.SLACK_BOT_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set (the xoxb- bot token)' });
  }
  if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['SLACK_SIGNING_SECRET'],
      message: 'required for Slack in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode)',
    });
  }
});

/** The validated configuration. */
export type Config = z.infer<typeof EnvSchema>;

/** Raised with every configuration problem at once, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`paperbot: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Names of settings whose values are secrets: never echoed in errors or logs. */
export const SECRET_VARIABLES: readonly string[] = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'HF_TOKEN', 'DATABASE_URL'];

/** The secret values of a configuration, for the logger to mask (the database password on its own too). */
export function secretValues(config: Config): string[] {
  const values = SECRET_VARIABLES.map((name) => (config as Record<string, unknown>)[name]).filter((v): v is string => typeof v === 'string');
  const password = config.DATABASE_URL === undefined ? undefined : databasePassword(config.DATABASE_URL);
  return password === undefined ? values : [...values, password];
}

/**
 * Validates an environment. Empty values count as unset (a blank line in
 * .env), so defaults apply. Throws {@link ConfigError} naming every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = EnvSchema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      const value = present[name];
      const shown = value === undefined || SECRET_VARIABLES.includes(name) ? '' : ` (got "${value}")`;
      return `${name}: ${issue.message}${shown}`;
    }),
  );
}
