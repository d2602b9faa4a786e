import { pino } from 'pino';
import { z } from 'zod';
import { stripControls } from '../text/unicode-controls.js';

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error', 'silent']);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** `text`: one readable line per entry (the default); `json`: one JSON object per line, for log collectors. */
export const LogFormatSchema = z.enum(['text', 'json']);
export type LogFormat = z.infer<typeof LogFormatSchema>;

/** Facts about a log entry beyond its message; an Error goes under `err` (logged with its stack and causes). */
export type LogContext = Record<string, unknown>;

/** A minimal leveled logger; every line goes to one stream (stderr by default). */
export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level: LogLevel;
  format?: LogFormat;
  /** Receives each line without its newline; stderr by default. */
  write?: (line: string) => void;
  /** Values masked wherever they appear in a line (tokens); shorter than 6 characters are ignored. */
  secrets?: readonly (string | undefined)[];
}

/**
 * Creates a logger. `secrets` are masked wherever they appear in a line, so a
 * token that leaks into an error text from a library never reaches the log:
 * the finished line is masked, whatever field the secret ended up in.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = (opts.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  // In JSON a secret can appear escaped (a quote or backslash in it): mask both spellings.
  const spellings = [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  const redact = (line: string) => spellings.reduce((m, s) => m.split(s).join('[redacted]'), line);
  return (opts.format ?? 'text') === 'json' ? jsonLogger(opts.level, (line) => write(redact(line))) : textLogger(opts.level, (line) => write(redact(line)));
}

function textLogger(level: LogLevel, write: (line: string) => void): Logger {
  const at = (entry: Exclude<LogLevel, 'silent'>) => (message: string, context?: LogContext) => {
    if (ORDER[entry] < ORDER[level]) return;
    // Control and bidi characters from digest text or an error message must not repaint the terminal or forge a line's look.
    write(stripControls(`${entry === 'info' ? '' : `${entry}: `}${message}${describeContext(context)}`));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** pino for JSON lines: its error serializer keeps the stack and the `cause` chain. */
function jsonLogger(level: LogLevel, write: (line: string) => void): Logger {
  const log = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // pino ends each line with a newline; the writer adds its own.
    { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) },
  );
  const at = (entry: Exclude<LogLevel, 'silent'>) => (message: string, context?: LogContext) => {
    if (context) log[entry](context, message);
    else log[entry](message);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** " (key=value key2="a b" err="TypeError: boom at file.ts:3:9")" for the text form. */
function describeContext(context: LogContext | undefined): string {
  if (!context) return '';
  const parts = Object.entries(context)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${quoteIfNeeded(v instanceof Error ? describeError(v) : typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))}`);
  return parts.length === 0 ? '' : ` (${parts.join(' ')})`;
}

/** "TypeError: boom at src/x.ts:3:9", with the first frame of the stack and each cause. */
export function describeError(err: Error): string {
  const frame = err.stack?.split('\n').find((l) => /^\s+at /.test(l));
  const where = frame ? ` at ${frame.trim().replace(/^at (?:.* \()?(?:file:\/\/)?/, '').replace(/\)$/, '')}` : '';
  const cause = err.cause instanceof Error ? `; caused by ${describeError(err.cause)}` : err.cause !== undefined ? `; caused by ${String(err.cause)}` : '';
  return `${err.name}: ${err.message}${where}${cause}`;
}

function quoteIfNeeded(text: string): string {
  return /[\s"=()]/.test(text) ? JSON.stringify(text) : text;
}
