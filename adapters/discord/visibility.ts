import type { Reply } from '../../src/commands/reply.js';

/**
 * Whether a reply is shown only to the asker, as render.ts decides it, known
 * before rendering: a deferred response's visibility is fixed when deferring,
 * and paperbot defers before rendering (a long abstract is slow to render).
 * test/discord/discord-visibility.test.ts checks it agrees with renderReply.
 */
export function isEphemeral(reply: Reply, opts: { ephemeralResults?: boolean } = {}): boolean {
  switch (reply.kind) {
    case 'results':
    case 'today':
    case 'list':
    case 'paper':
      return Boolean(opts.ephemeralResults);
    case 'info':
      return false;
    default:
      return true;
  }
}
