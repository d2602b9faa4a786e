import type { z } from 'zod';
import { wellFormed } from '../text/unicode-controls.js';
import type { CommandModule } from './command-module.js';
import { FALLBACK, KEYWORD_COMMANDS, type Command } from './registry.js';
export { MAX_QUERY_LENGTH } from './search.js';

/** A command plus what the user should know about how it was read; or why it could not be read. */
export type ParsedCommand = { command: Command; notes: string[] } | { command?: undefined; notes: string[]; problem: string };

// Users type anything: repair half-emoji, strip control characters, zero-width marks and bidi
// overrides, fold runs of spaces, and drop the leading "/paper" the console
// lets you type.
function normalizeInput(raw: string): string {
  // Half an emoji (a lone surrogate) becomes U+FFFD: it cannot be URL-encoded, and JSON escapes it.
  return wellFormed(raw)
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\/paper\b\s*/i, '');
}

/**
 * Reads the text after `/paper` into a command. Never throws: each keyword
 * command in the registry tries the text, and text none of them claims is a
 * search. A command whose arguments fail its schema comes back as a problem
 * that shows the command's usage.
 */
export function parseCommand(raw: unknown): ParsedCommand {
  const text = normalizeInput(typeof raw === 'string' ? raw : '');
  const notes: string[] = [];
  for (const module of [...KEYWORD_COMMANDS, FALLBACK] as readonly CommandModule[]) {
    const fields = module.parse(text, notes);
    if (fields === undefined) continue;
    const checked = (module.schema as z.ZodType<Command>).safeParse(fields);
    if (checked.success) return { command: checked.data, notes };
    const usage = module.help[0]?.usage ?? '/paper help';
    return { notes, problem: `I could not read that command. Usage: ${usage}` };
  }
  // Unreachable: the fallback (search) claims every text.
  return { notes, problem: 'I could not read that command. Try /paper help.' };
}
