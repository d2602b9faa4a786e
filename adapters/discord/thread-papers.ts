import { Routes, type REST } from 'discord.js';
import { z } from 'zod';
import { parseActionId } from '../../src/conversation/actions.js';

// A mention in a thread can name the papers of the message the thread hangs
// on by number ("abstract 2" there means that message's paper 2), as on
// Slack: the numbers are read back from that message's menus, whose options
// are labelled "N. Title" and valued with the core's action ids.

const ComponentSchema = z
  .object({
    custom_id: z.string().optional(),
    options: z.array(z.object({ label: z.string(), value: z.string() }).passthrough()).optional(),
  })
  .passthrough();
/** A message as far as its numbers go: its rows of buttons and menus. */
const StarterSchema = z.object({ components: z.array(z.object({ components: z.array(ComponentSchema).optional() }).passthrough()).optional() }).passthrough();
const ThreadSchema = z.object({ id: z.string(), parent_id: z.string().nullish() }).passthrough();

/**
 * The papers of a message by the numbers it shows them with: each menu
 * option "N. Title" with a paper action; a single paper's buttons (a `random`
 * answer, the daily post) are its paper 1.
 */
export function numberedPapers(message: unknown): ReadonlyMap<number, string> {
  const parsed = StarterSchema.safeParse(message);
  const papers = new Map<number, string>();
  if (!parsed.success) return papers;
  const components = (parsed.data.components ?? []).flatMap((row) => row.components ?? []);
  for (const component of components) {
    for (const option of component.options ?? []) {
      const n = /^(?:[^:]*: )?(\d+)\. /.exec(option.label);
      const ref = parseActionId(option.value);
      if (n && ref && ref.kind !== 'page') papers.set(Number(n[1]), ref.paperId);
    }
  }
  if (papers.size === 0) {
    const ids = new Set(components.flatMap((c) => {
      const ref = parseActionId(c.custom_id ?? '');
      return ref && ref.kind !== 'page' ? [ref.paperId] : [];
    }));
    if (ids.size === 1) papers.set(1, [...ids][0]!);
  }
  return papers;
}

/** The papers of the message a thread hangs on (a thread's id is its starter message's), over REST; empty outside a thread. */
export async function threadPapers(rest: REST, threadId: string): Promise<ReadonlyMap<number, string>> {
  const thread = ThreadSchema.parse(await rest.get(Routes.channel(threadId)));
  if (!thread.parent_id) return new Map();
  return numberedPapers(await rest.get(Routes.channelMessage(thread.parent_id, thread.id)));
}
