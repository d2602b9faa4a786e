import type { Watch, WatchStore } from '../store/store.js';
import type { BotDeps, CommandContext } from './command-module.js';
import { ownerHere } from './owner.js';
import type { Reply } from './reply.js';

// Who owns the watches a command is about: the channel (its managers change
// them), or, in a direct message, the person (anyone may watch for
// themselves; alerts arrive by direct message). The same rule as follows.

/** At most this many watches per channel or person. */
export const MAX_WATCHES = 25;

export const WHO_MAY_WATCH =
  "Only people who can manage this channel may change what it watches (Discord: Manage Channels; Slack: workspace admins and SLACK_MANAGERS). To watch a paper yourself, send me /paper watch <paper> in a direct message.";

/** The owner key and kind of the watches here, the store, and whether this person may change them; or why not. */
export function watchOwner(
  context: CommandContext,
  deps: BotDeps,
  notes: string[],
): { owner: string; watchKind: Watch['kind']; store: WatchStore; mayChange: () => Promise<boolean> } | Reply {
  if (!deps.store) return { kind: 'error', message: 'Watching papers is not set up in this bot.', notes };
  const here = ownerHere(context);
  if (!here) return { kind: 'error', message: 'Watch papers in a channel, or in a direct message with me.', notes };
  return { owner: here.owner, watchKind: here.kind, store: deps.store, mayChange: here.mayChange };
}

/** "Mar 3, 2027" */
export function watchDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}
