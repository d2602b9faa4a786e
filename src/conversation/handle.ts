import type { CommandContext } from '../commands/command-module.js';
import { parseCommand } from '../commands/parse-command.js';
import { isPersonalCommand, type Command } from '../commands/registry.js';
import type { Reply } from '../commands/reply.js';
import { MAX_LINKS_PER_TEXT, parsePaperLink } from '../links/paper-links.js';
import { parseActionId, SAVED_LIST_QUERY } from './actions.js';
import type { Answer, InboundEvent, Placement } from './inbound.js';
import { ABSTRACT_ALREADY_IN_THREAD, type ThreadAbstracts } from './thread-abstracts.js';
import { visibilityOf, type Visibility } from './visibility.js';

/** What the handler needs from the bot: answering typed text and parsed commands. */
export interface Answering {
  answer(text: string, context: CommandContext): Promise<Reply>;
  run(command: Command, notes: string[], context: CommandContext): Promise<Reply>;
  /** Brings back papers looked up earlier that this library lacks (src/links/paper-resolver.ts). */
  restore(paperIds: readonly string[]): Promise<void>;
}

/** The answer when an action id is not one the core made (an old message, a forged request). */
export const STALE_ACTION = 'That button is out of date. Search again.';
/** The answer to a link event without a single paper link in it. */
export const NO_PAPER_LINKS = 'I found no links to papers there (arXiv or Hugging Face paper pages).';

/** The answer when a page button comes without the query its message should hold. */
export const LOST_QUERY = 'I cannot tell which search this page belongs to. Search again.';

/** The answer to a mention that asks for something of the asker's own (a reading list, picks for them) in a channel. */
export const PERSONAL_IN_CHANNEL = 'Your reading list and your picks stay between us, so I did nothing with that here, where everyone sees the answer: use /paper (only you see its answers) or the Save action, or ask me in a direct message.';

/** Whether a typed text is a command about the asker's own data (save, saved, foryou, forget me...). */
function asksPersonal(text: string): boolean {
  const { command } = parseCommand(text);
  return command !== undefined && isPersonalCommand(command);
}

/**
 * Who will see the answer to an event, known before it is answered: for a
 * platform that must commit to a visibility first (Discord defers a slow
 * answer). A command about the asker's own data is theirs alone; the rest
 * follow the results setting. The answer's own visibility is the truth.
 */
export function visibilityAhead(event: InboundEvent): Visibility {
  if (event.kind === 'command' && asksPersonal(event.text)) return 'asker';
  return event.shareResults ? 'public' : 'asker';
}

/** A reply about one reader's own data, which only they may see. */
function isPersonal(reply: Reply): boolean {
  return reply.kind === 'saved' || reply.kind === 'bibtex' || ((reply.kind === 'list' || reply.kind === 'info') && reply.personal === true);
}

/**
 * Answers any inbound event; never rejects (the bot's own answers never do).
 * `abstracts` keeps each paper's abstract to once per thread.
 */
export async function handleEvent(bot: Answering, event: InboundEvent, abstracts?: ThreadAbstracts): Promise<Answer> {
  const share = Boolean(event.shareResults);
  const answer = (reply: Reply, placement: Placement = 'reply', visibility: Visibility = visibilityOf(reply, share)): Answer => ({ reply, visibility, placement });
  /**
   * An abstract goes to the thread of the message it was asked about, for
   * everyone there, once per thread and paper (a second ask is told it is
   * there); elsewhere only to the asker.
   */
  const placed = async (reply: Reply): Promise<Answer> => {
    if (reply.kind !== 'abstract' || !event.threadable) return answer(reply);
    const { thread, context } = event;
    if (thread === undefined || abstracts === undefined || context.channel === undefined) return answer(reply, 'thread', 'public');
    const channel = context.channel;
    const paperId = reply.paper.id;
    if (!(await abstracts.claim(channel, thread, paperId).catch(() => true))) {
      return answer({ kind: 'info', title: ABSTRACT_ALREADY_IN_THREAD, lines: [], notes: [] }, 'reply', 'asker');
    }
    return { ...answer(reply, 'thread', 'public'), deliveryFailed: () => abstracts.release(channel, thread, paperId).catch(() => undefined) };
  };
  switch (event.kind) {
    case 'command':
      return placed(await bot.answer(event.text, event.context));
    case 'mention': {
      // A mention is answered where everyone sees it: a command about the asker's own data is not
      // run there (a "forget me" there would delete, then not say so), and no reader's list is said there.
      const refuse = answer({ kind: 'info', title: PERSONAL_IN_CHANNEL, lines: [], notes: [] });
      if (!event.context.direct && asksPersonal(event.text)) return refuse;
      const reply = await bot.answer(event.text, event.context);
      return isPersonal(reply) && !event.context.direct ? refuse : placed(reply);
    }
    case 'reaction':
      // Nobody is answered: the reply says what was counted, for the adapter's debug log and the tests.
      return answer(await bot.run({ kind: 'vote', added: event.added, emoji: event.emoji, message: event.message, papers: [...event.papers] }, [], event.context), 'reply', 'asker');
    case 'reactions-cleared':
      return answer(await bot.run({ kind: 'clear-votes', message: event.message, ...(event.emoji === undefined ? {} : { emoji: event.emoji }) }, [], event.context), 'reply', 'asker');
    case 'action': {
      const ref = parseActionId(event.id);
      if (ref === undefined) return answer({ kind: 'error', message: STALE_ACTION, notes: [] });
      // A button on the card of a pasted link's paper: after a restart, or on another replica, the paper is read back first.
      if (ref.kind !== 'page') await bot.restore([ref.paperId]);
      switch (ref.kind) {
        case 'abstract':
          return placed(await bot.run({ kind: 'abstract', ref: ref.paperId }, [], event.context));
        case 'save':
          // A save is the saver's own business: the confirmation goes to them alone.
          return answer(await bot.run({ kind: 'save', ref: ref.paperId }, [], event.context), 'reply', 'asker');
        case 'cite':
        case 'related':
        case 'watch':
          // Only the clicker sees these: a channel is not filled with BibTeX, side lists or confirmations.
          return answer(await bot.run({ kind: ref.kind, ref: ref.paperId }, [], event.context), 'reply', 'asker');
        case 'page': {
          if (event.query === undefined || event.query.trim() === '') return answer({ kind: 'error', message: LOST_QUERY, notes: [] });
          if (event.query === SAVED_LIST_QUERY) return answer(await bot.run({ kind: 'saved', page: Math.max(1, ref.page), bib: false }, [], event.context), 'replace', 'asker');
          const reply = await bot.run({ kind: 'search', query: event.query, page: Math.max(1, ref.page) }, [], event.context);
          return answer(reply, 'replace');
        }
        default:
          return ref satisfies never;
      }
    }
    case 'link': {
      const links = event.urls.filter((u) => parsePaperLink(u) !== undefined).slice(0, Math.min(event.limit ?? MAX_LINKS_PER_TEXT, MAX_LINKS_PER_TEXT));
      if (links.length === 0) return answer({ kind: 'error', message: NO_PAPER_LINKS, notes: [] }, 'reply', 'asker');
      // Cards for shared links are for the asker: an unfurl is Slack's own preview, and Discord's "Paper info" is private.
      return answer(await bot.run({ kind: 'card', links }, [], event.context), 'reply', 'asker');
    }
    default:
      return event satisfies never;
  }
}
