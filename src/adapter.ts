import type { PaperView } from './commands/reply.js';

// The contract between the core and a chat platform.
//
// Inbound: an adapter turns a platform event (slash command, button, mention,
// console line) into a call on the core's PaperBot (answer / run / abstractOf)
// and renders the Reply it gets back. It never looks inside the library.
//
// Outbound: the daily post calls postPaper, which delivers a paper as a
// top-level message and then its abstract as a reply in that message's thread
// (on the console, an indented follow-up), so channels stay scannable.

/** Where a posted paper landed, so a later step can find the thread. */
export interface PostedPaper {
  channel: string;
  messageId: string;
  /** The thread the abstract went to (Slack: the parent ts; Discord: the thread channel). */
  threadId?: string;
}

/** A running connection to one chat platform. */
export interface ChatAdapter {
  /** Names the platform in logs and in subscriptions (`slack:C0123`). */
  readonly platform: string;
  /** Connects and starts answering; resolves once ready. */
  start(): Promise<void>;
  /** Disconnects; safe to call twice. */
  stop(): Promise<void>;
  /** Posts a paper to a channel: the message, then its abstract in the message's thread. */
  postPaper(channel: string, paper: PaperView): Promise<PostedPaper>;
  /** Whether it is connected and serving, for /readyz; an adapter without it counts as ready once started. */
  health?(): { ok: boolean; detail: string };
}
