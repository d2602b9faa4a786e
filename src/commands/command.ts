import { z } from 'zod';

/** The longest query we search for; longer text is cut, with a note. */
export const MAX_QUERY_LENGTH = 200;
/** Pages a user can ask for; beyond the last page they get the last page. */
const PageSchema = z.coerce.number().int().min(1).max(1000);

/** A parsed `/paper ...` command. Everything that is not a keyword is a search. */
export const CommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('help') }),
  z.object({ kind: z.literal('today') }),
  z.object({ kind: z.literal('random') }),
  z.object({ kind: z.literal('show'), id: z.string().regex(/^[0-9a-f]{12}$/) }),
  z.object({ kind: z.literal('search'), query: z.string().min(1).max(MAX_QUERY_LENGTH), page: PageSchema }),
  // The daily post: subscribe this channel (optionally at a local time, in a time zone), and so on.
  z.object({ kind: z.literal('subscribe'), time: z.string().max(20).optional(), timezone: z.string().max(64).optional() }),
  z.object({ kind: z.literal('unsubscribe') }),
  z.object({ kind: z.literal('subscriptions') }),
  z.object({ kind: z.literal('next') }),
]);
export type Command = z.infer<typeof CommandSchema>;

/** A command plus what the user should know about how it was read. */
export interface ParsedCommand {
  command: Command;
  notes: string[];
}

// Users type anything: strip control characters and zero-width marks, fold
// runs of spaces, and drop the leading "/paper" the console lets you type.
function normalizeInput(raw: string): string {
  return raw
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\/paper\b\s*/i, '');
}

/**
 * Reads the text after `/paper` into a command. Never fails: an empty text is
 * help, a keyword is its command, anything else is a search (cut to
 * {@link MAX_QUERY_LENGTH} characters with a note). A trailing `page N` asks
 * for a later page of results.
 */
export function parseCommand(raw: unknown): ParsedCommand {
  const text = normalizeInput(typeof raw === 'string' ? raw : '');
  const notes: string[] = [];
  const word = text.toLowerCase();
  if (word === '' || word === 'help' || word === '?' || word === '-h' || word === '--help') return { command: { kind: 'help' }, notes };
  if (word === 'today' || word === 'top') return { command: { kind: 'today' }, notes };
  if (word === 'random') return { command: { kind: 'random' }, notes };
  if (word === 'unsubscribe') return { command: { kind: 'unsubscribe' }, notes };
  if (word === 'subscriptions') return { command: { kind: 'subscriptions' }, notes };
  if (word === 'next') return { command: { kind: 'next' }, notes };
  const subscribe = /^subscribe(?:\s+(\S+))?(?:\s+(\S+))?$/i.exec(text);
  if (subscribe) {
    // Either order: "subscribe 08:30 Europe/Paris", "subscribe Europe/Paris", "subscribe 8:30".
    const args = [subscribe[1], subscribe[2]].filter((a): a is string => a !== undefined);
    const time = args.find((a) => /^\d{1,2}:\d{2}$/.test(a));
    const timezone = args.find((a) => a !== time);
    return { command: CommandSchema.parse({ kind: 'subscribe', time, timezone }), notes };
  }
  const show = /^(?:show|paper|id)\s+([0-9a-f]{12})$/i.exec(text);
  if (show) return { command: { kind: 'show', id: show[1]!.toLowerCase() }, notes };

  let query = text;
  let page = 1;
  const paged = /^(.*\S)\s+(?:page|p)\s*(\d{1,6})$/i.exec(query);
  if (paged) {
    query = paged[1]!;
    page = Math.min(Number(paged[2]), 1000) || 1;
  }
  if (query.length > MAX_QUERY_LENGTH) {
    const cut = query.slice(0, MAX_QUERY_LENGTH);
    const space = cut.lastIndexOf(' ');
    // Cut at a word if one is near, and never inside a surrogate pair (emoji).
    query = (space > MAX_QUERY_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\ud800-\udbff]$/, '').trim();
    notes.push(`Your query was ${text.length.toLocaleString('en-US')} characters; I searched for its first ${query.length}.`);
  }
  return { command: CommandSchema.parse({ kind: 'search', query, page }), notes };
}
