import { DEFAULT_WIDTH } from './render-text.js';

// How wide the console's lines may be: the terminal's own width when output
// is a terminal (it follows a resize), else COLUMNS (set by shells and by
// users who pipe the output), else 80.

/** The narrowest width honoured: below it every line would be one word. */
const MIN_WIDTH = 20;

/** The width to wrap to for `output`; `env` is read for COLUMNS. */
export function terminalWidth(output: { columns?: number }, env: Record<string, string | undefined> = process.env): number {
  const columns = output.columns;
  if (typeof columns === 'number' && Number.isInteger(columns) && columns > 0) return Math.max(MIN_WIDTH, columns);
  const fromEnv = /^\d{1,4}$/.test(env.COLUMNS?.trim() ?? '') ? Number(env.COLUMNS) : 0;
  return fromEnv > 0 ? Math.max(MIN_WIDTH, fromEnv) : DEFAULT_WIDTH;
}
