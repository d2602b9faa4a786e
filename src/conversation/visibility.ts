import type { Reply } from '../commands/reply.js';

// Who sees an answer is decided here, once, for every platform: an adapter
// only maps `public` / `asker` onto its idiom (Slack in_channel / ephemeral,
// Discord a flagged reply, the console prints everything).

/** Everyone in the channel, or only the person who asked. */
export type Visibility = 'public' | 'asker';

/**
 * The visibility of a reply. Lists and papers follow the platform's results
 * setting (`shareResults`); the rest is for the asker: BibTeX, help, errors,
 * refusals and confirmations (a follow or a subscription change is news to
 * the one who made it, and a channel is not filled with them).
 */
export function visibilityOf(reply: Reply, shareResults: boolean): Visibility {
  switch (reply.kind) {
    case 'results':
    case 'today':
    case 'list':
    case 'paper':
    case 'card':
      return shareResults ? 'public' : 'asker';
    case 'abstract':
    case 'citation':
    case 'no-results':
    case 'help':
    case 'info':
    case 'refused':
    case 'error':
      return 'asker';
    default:
      return unhandled(reply);
  }
}

/** The compile-time proof that every kind of reply has a case: a new kind makes the call a type error. */
export function unhandled(reply: never): never {
  throw new Error(`paperbot: unhandled reply kind ${JSON.stringify((reply as { kind?: unknown }).kind)}`);
}
