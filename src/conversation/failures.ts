import { RecipientGoneError } from '../adapter.js';

// What a failure to deliver means, decided once: an adapter classifies its
// platform's errors (only it knows Slack's `not_in_channel` or Discord's
// 50013), and the core says what follows from that (a recipient that is gone
// drops the follow: RecipientGoneError) and what the asker is told.

/** What the asker is told when delivering an answer failed for no reason they can fix. */
export const FAILURE_TEXT = 'Sorry, something went wrong on my side. Please try again in a moment.';

/** An adapter's reading of one of its platform's errors. */
export interface DeliveryFault {
  /** The platform says the bot can never post there (removed, archived, deleted, the user gone): retrying cannot help. */
  gone: boolean;
  /** What the channel's people can do about it: invite the bot, or grant it a permission; absent when nothing. */
  fix?: 'invite' | 'permission';
  /** The platform's code or message, for logs (never user text). */
  detail: string;
}

/** An adapter's knowledge of its platform's failures. */
export interface PlatformFaults {
  /** `slack`, `discord`: names the platform in errors. */
  platform: string;
  classify(err: unknown): DeliveryFault;
  /** How the bot is added to a channel there, as a sentence: "Invite me with `/invite @paperbot`". */
  invite: string;
  /** The permissions it needs there, for the asker to pass on: "Send Messages, Create Public Threads or Send Messages in Threads". */
  permissions: string;
}

/** What the asker is told when answering them failed with `err`. */
export function failureText(faults: PlatformFaults, err: unknown): string {
  const fault = faults.classify(err);
  switch (fault.fix) {
    case 'invite':
      return `I am not in this channel, so I cannot reply in its threads. ${faults.invite} and try again.`;
    case 'permission':
      return `I lack a permission here (${faults.permissions}). Ask an admin to grant it.`;
    case undefined:
      return FAILURE_TEXT;
    default:
      return fault.fix satisfies never;
  }
}

/**
 * What a failed post (an alert, a recap) is to the core: RecipientGoneError
 * when the platform says it can never post to `target` (the follow is then
 * dropped), else the error itself (the post is retried later).
 */
export function postFailure(faults: PlatformFaults, target: string, err: unknown): unknown {
  const fault = faults.classify(err);
  return fault.gone ? new RecipientGoneError(`${faults.platform}: cannot post to ${target} any more (${fault.detail})`) : err;
}
