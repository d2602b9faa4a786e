import { z } from 'zod';
import { LogLevelSchema } from './logger.js';

// Every setting comes from the environment (or a .env file loaded into it),
// checked here once at start. Only this file and main.ts read process.env.

const EnvSchema = z.object({
  DIGEST_DIR: z.string().min(1).default('seeds'),
  DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: LogLevelSchema.default('info'),
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
export const SECRET_VARIABLES: readonly string[] = [];

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
