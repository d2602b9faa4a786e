import type { Follow, FollowStore } from '../store/store.js';
import type { BotDeps, CommandContext } from './command-module.js';
import { ownerHere } from './owner.js';
import type { Reply } from './reply.js';

// Who owns the follows a command is about: the channel (its managers change
// them), or, in a direct message, the person (anyone may follow for
// themselves; alerts arrive by direct message).

/** At most this many follows per channel or person. */
export const MAX_FOLLOWS = 25;

export const WHO_MAY_FOLLOW =
  "Only people who can manage this channel may change its follows (Discord: Manage Channels; Slack: workspace admins and SLACK_MANAGERS). To follow a topic yourself, send me /paper follow <words> in a direct message.";

/** The owner key and kind of the follows here, the store, and whether this person may change them; or why not. */
export function followOwner(
  context: CommandContext,
  deps: BotDeps,
  notes: string[],
): { owner: string; followKind: Follow['kind']; store: FollowStore; mayChange: () => Promise<boolean> } | Reply {
  if (!deps.store) return { kind: 'error', message: 'Follows are not set up in this bot.', notes };
  const here = ownerHere(context);
  if (!here) return { kind: 'error', message: 'Follow topics in a channel, or in a direct message with me.', notes };
  return { owner: here.owner, followKind: here.kind, store: deps.store, mayChange: here.mayChange };
}

/** Follow words compared the way search reads them: case and spacing do not matter. */
export function sameWords(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\s+/g, ' ').trim() === b.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** "“sparse autoencoders” (since Nov 29, 2026)" */
export function describeFollow(f: Follow): string {
  const since = new Date(f.createdAt).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  return `“${f.words}” (since ${since})`;
}
