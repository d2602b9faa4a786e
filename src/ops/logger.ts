import { z } from 'zod';

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error', 'silent']);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** A minimal leveled logger; every line goes to one stream (stderr by default). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Creates a logger. `secrets` are masked wherever they appear in a message, so
 * a token that leaks into an error text from a library never reaches the log.
 */
export function createLogger(opts: {
  level: LogLevel;
  write?: (line: string) => void;
  secrets?: readonly (string | undefined)[];
}): Logger {
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = (opts.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const redact = (message: string) => secrets.reduce((m, s) => m.split(s).join('[redacted]'), message);
  const at = (level: Exclude<LogLevel, 'silent'>) => (message: string) => {
    if (ORDER[level] < ORDER[opts.level]) return;
    write(`${level === 'info' ? '' : `${level}: `}${redact(message)}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
