import type { z } from 'zod';
import { abstract } from './abstract.js';
import { card } from './card.js';
import { cite } from './cite.js';
import type { CommandModule } from './command-module.js';
import { follow } from './follow.js';
import { forget } from './forget.js';
import { foryou, subscribeForYou, unsubscribeForYou } from './foryou.js';
import { follows } from './follows.js';
import { help } from './help.js';
import { more } from './more.js';
import { next } from './next.js';
import { random } from './random.js';
import { save, unsave } from './save.js';
import { saved } from './saved.js';
import { related } from './related.js';
import { search } from './search.js';
import { show } from './show.js';
import { subscribe } from './subscribe.js';
import { subscriptions } from './subscriptions.js';
import { today } from './today.js';
import { top } from './top.js';
import { unfollow } from './unfollow.js';
import { unsubscribe } from './unsubscribe.js';
import { unwatch } from './unwatch.js';
import { watch } from './watch.js';
import { watches } from './watches.js';
import { clearVotes, vote } from './vote.js';
import { week } from './week.js';

/**
 * The table of commands, in help order. Each keyword command tries the user's
 * text in turn; the first that recognises it answers. Text that none claims
 * is a search: {@link FALLBACK} is the last resort, and first in the help.
 */
export const KEYWORD_COMMANDS = [
  today,
  week,
  random,
  show,
  abstract,
  more,
  cite,
  related,
  save,
  unsave,
  saved,
  top,
  foryou,
  follow,
  follows,
  unfollow,
  watch,
  watches,
  unwatch,
  subscribeForYou,
  unsubscribeForYou,
  subscribe,
  unsubscribe,
  subscriptions,
  next,
  forget,
  help,
  card,
  vote,
  clearVotes,
] as const;
export const FALLBACK = search;
const COMMANDS = [FALLBACK, ...KEYWORD_COMMANDS] as const;

/** A parsed `/paper ...` command: the union of every module's schema. */
export type Command = z.output<(typeof COMMANDS)[number]['schema']>;
export type CommandKind = Command['kind'];

/** Every command's help lines, in table order. */
export const HELP_ENTRIES = COMMANDS.flatMap((m) => m.help);
const BY_KIND = new Map<string, CommandModule>(COMMANDS.map((m: CommandModule) => [kindOf(m), m]));

/** The module that answers a kind of command. */
export function commandModule(kind: string): CommandModule | undefined {
  return BY_KIND.get(kind);
}

/** Whether a command is about the asker's own data (its module says `personal`): only they see its answer. */
export function isPersonalCommand(command: Command): boolean {
  return BY_KIND.get(command.kind)?.personal === true;
}

/** A module's kind, read from its schema (`kind: z.literal(...)`). */
function kindOf(module: CommandModule): string {
  const shape = (module.schema as unknown as z.ZodObject<{ kind: z.ZodLiteral<string> }>).shape;
  return shape.kind.value;
}
