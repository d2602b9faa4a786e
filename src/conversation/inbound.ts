import type { CommandContext } from '../commands/command-module.js';
import type { Reply } from '../commands/reply.js';
import type { EventThread } from './thread-abstracts.js';
import type { Visibility } from './visibility.js';

export { FAILURE_TEXT } from './failures.js';

// The one way into the core. An adapter decodes what its platform sent (a
// slash command, a click on a button or menu, a mention, a console line) into
// an InboundEvent and calls PaperBot.handle; it renders the Answer it gets and
// delivers it. What an event means (which paper "6" is, who may manage a
// channel, who sees the answer, where an abstract goes) is decided behind it.

/** What every event carries besides its content. */
interface EventBase {
  /** Who, where, and what is known lazily (manager rights, a thread's papers). */
  context: CommandContext;
  /** The platform's results setting: lists and papers for the whole channel (true) or only the asker. */
  shareResults?: boolean;
  /** The message the event is about can take a thread reply: an abstract asked for there goes to the thread. */
  threadable?: boolean;
  /**
   * The thread an abstract would go to (with `threadable`), so the core can
   * post each paper's abstract there once: its id, and a probe of what it holds.
   */
  thread?: EventThread;
}

/** A platform event, decoded. */
export type InboundEvent =
  /** Text typed as a command: after `/paper`, or a console line. */
  | (EventBase & { kind: 'command'; text: string })
  /** A mention of the bot, its own mention syntax removed by the adapter. */
  | (EventBase & { kind: 'mention'; text: string })
  /**
   * A button or menu option used: `id` is the action id the core gave it
   * (src/conversation/actions.ts), handed back as it was. Paging also needs
   * the query, which the adapter keeps with the message.
   */
  | (EventBase & { kind: 'action'; id: string; query?: string })
  /**
   * A reaction added to or removed from one of the bot's own messages (the
   * adapter drops reactions on anyone else's). `papers` are the papers the
   * message shows, read from the action ids in it (src/conversation/actions.ts),
   * so no message needs remembering. `message` names the message on its
   * platform (a retry names it the same). `emoji` as the platform names it,
   * skin tone and all: Slack's short name (`+1::skin-tone-3`), Discord's
   * Unicode emoji (👍🏽). The core decides whether it is a vote (an adapter may
   * ask PaperBot.votes first, to skip reading a message for one that is not);
   * its answer is not delivered.
   */
  | (EventBase & { kind: 'reaction'; added: boolean; emoji: string; message: string; papers: readonly string[] })
  /**
   * Reactions cleared in bulk from a message (Discord: a moderator removed
   * all of them, or every person's `emoji`), named as `reaction` names it;
   * no person. The votes they cast are removed; its answer is not delivered.
   */
  | (EventBase & { kind: 'reactions-cleared'; message: string; emoji?: string })
  /**
   * Links someone shared (Slack's link_shared, Discord's "Paper info" on a
   * message): the URLs as the platform gave them, which the core reads as
   * paper links (src/links/paper-links.ts) and answers with one card each. A
   * link to no known paper gets no card; none at all, an error reply (which
   * an unfurl never shows).
   */
  | (EventBase & { kind: 'link'; urls: readonly string[]; /** Cards the platform can show at most (Slack's unfurls); links to no paper do not count. */ limit?: number });

export type InboundKind = InboundEvent['kind'];

/**
 * Where an answer goes: `reply` answers the event where it came from;
 * `replace` takes the place of the message whose button was used (a page of
 * results); `thread` goes into the thread of that message (an abstract).
 */
export type Placement = 'reply' | 'replace' | 'thread';

/** The core's answer to an event: what to say, who sees it, and where it goes. */
export interface Answer {
  reply: Reply;
  visibility: Visibility;
  placement: Placement;
  /**
   * Call when delivering this answer failed: what it claimed (an abstract in
   * a thread) is freed, so asking again can post it. Absent when nothing was claimed.
   */
  deliveryFailed?: () => Promise<void>;
}
