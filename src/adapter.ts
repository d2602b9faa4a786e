import type { PaperView, Reply } from './commands/reply.js';

// The contract between the core and a chat platform.
//
// Inbound: an adapter decodes a platform event (slash command, button, menu
// choice, mention, console line) into one neutral InboundEvent, calls the
// core's PaperBot.handle, and renders and delivers the Answer it gets back
// (src/conversation/inbound.ts). It never looks inside the library, and it
// decides no numbering, visibility or permission of its own.
//
// Channel keys are `<platform>:<id>`; the core never reads the id, and the
// adapter that owns the platform checks it (adapters/*/channel-id.ts).
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

/** Where a post goes: a channel, or a person (a direct message). */
export interface PostTarget {
  /** The platform's id of the channel or the user. */
  id: string;
  person: boolean;
}

/**
 * The platform says paperbot can no longer post there (removed from the
 * channel, the channel deleted or archived, the user gone or blocking DMs).
 * Retrying cannot help; a follow that gets this is dropped.
 */
export class RecipientGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipientGoneError';
  }
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
  /**
   * Posts a reply as a top-level message (a weekly recap, a follow alert) to a
   * channel or, for a person, as a direct message. Rejects with
   * {@link RecipientGoneError} when the platform says it never can.
   */
  post(target: PostTarget, reply: Reply): Promise<PostedPaper>;
  /** Whether it is connected and serving, for /readyz; an adapter without it counts as ready once started. */
  health?(): { ok: boolean; detail: string };
}
