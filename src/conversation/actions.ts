import type { PaperSummary, Reply } from '../commands/reply.js';
import { unhandled } from './visibility.js';

// The actions a reader can take on what a reply shows, with ids that carry
// all they need: an adapter puts the id in its button, menu option or custom
// id, hands it back unchanged when it is used, and the core reads it. Nothing
// is kept in memory for them, so they work after a restart and on any replica.

/** What can be done with one paper of a reply. */
export type PaperActionKind = 'abstract' | 'save' | 'cite' | 'related' | 'watch';

/** One action on a paper: a label for the platform's button or menu option, and its id. */
export interface PaperAction {
  kind: PaperActionKind;
  label: string;
  id: string;
}

/** A paper as a reply shows it: its result number (one numbering across pages) and what can be done with it. */
export interface NumberedPaper {
  n: number;
  paper: PaperSummary;
  actions: PaperAction[];
}

/** A move to another page of the same search; the adapter keeps `query` with the message (a value, a footer). */
export interface PageAction {
  id: string;
  page: number;
  label: 'Previous' | 'Next';
  /** A page that does not exist (before the first, after the last): shown disabled where the platform can. */
  disabled: boolean;
}

/**
 * How a platform that shows a list's actions as menus (Discord's selects)
 * groups them: one menu per entry, in this order, listing each paper once per
 * kind it holds. Slack shows every action of a paper in the paper's own
 * overflow menu instead. A new kind joins one of these, so every menu-based
 * platform picks it up without an edit.
 */
export interface ActionMenu {
  /** Stable: a platform may put it in its custom id. */
  id: string;
  /** What the menu says before a choice. */
  placeholder: string;
  kinds: readonly PaperActionKind[];
}

export const ACTION_MENUS: readonly ActionMenu[] = [
  { id: 'abstract', placeholder: 'Abstract of…', kinds: ['abstract'] },
  // Watch shares Save's menu (both keep a paper for later): Discord allows 25 options a menu, and a
  // list of ten holds twenty in each of these two.
  { id: 'save', placeholder: 'Save or watch…', kinds: ['save', 'watch'] },
  { id: 'more', placeholder: 'Cite, related…', kinds: ['cite', 'related'] },
];

/** Everything a reply offers a reader. */
export interface ReplyActions {
  papers: NumberedPaper[];
  /** Paging, for a search with more than one page. */
  paging?: { query: string; page: number; pageCount: number; previous: PageAction; next: PageAction };
}

/** A decoded action id. */
export type ActionRef = { kind: PaperActionKind; paperId: string } | { kind: 'page'; page: number };

const PREFIX: Record<PaperActionKind, string> = { abstract: 'abs', save: 'save', cite: 'cite', related: 'rel', watch: 'watch' };
const LABEL: Record<PaperActionKind, string> = { abstract: 'Abstract', save: 'Save', cite: 'Cite', related: 'Related', watch: 'Watch' };
const PAPER_ACTIONS: readonly PaperActionKind[] = ['abstract', 'save', 'cite', 'related', 'watch'];
const KIND_OF_PREFIX: ReadonlyMap<string, PaperActionKind> = new Map(PAPER_ACTIONS.map((kind) => [PREFIX[kind], kind]));

/**
 * The query a page of the reading list carries where a search's page carries
 * its words (`page:N` with this query is page N of `saved`). It is the
 * command's own text, and `saved` is never a search (the command claims it).
 */
export const SAVED_LIST_QUERY = 'saved';

/** The id of an action on a paper: `abs:<paper id>`, `save:<paper id>`, `cite:<paper id>`, `rel:<paper id>`, `watch:<paper id>` (at most 18 characters). */
export function paperActionId(kind: PaperActionKind, paperId: string): string {
  return `${PREFIX[kind]}:${paperId}`;
}

/** The id of a page of a search: `page:<n>`. */
export function pageActionId(page: number): string {
  return `page:${page}`;
}

/** Reads an id made by this module back; undefined for anything else (an old or forged id). */
export function parseActionId(id: string): ActionRef | undefined {
  const paper = /^(abs|save|cite|rel|watch):([0-9a-f]{12})$/.exec(id);
  if (paper) return { kind: KIND_OF_PREFIX.get(paper[1]!)!, paperId: paper[2]! };
  const page = /^page:(\d{1,4})$/.exec(id);
  if (page) return { kind: 'page', page: Number(page[1]) };
  return undefined;
}

function numbered(paper: PaperSummary, n: number): NumberedPaper {
  return { n, paper, actions: PAPER_ACTIONS.map((kind) => ({ kind, label: LABEL[kind], id: paperActionId(kind, paper.id) })) };
}

/**
 * The papers a reply shows, numbered as "result N" means them: a search's
 * page 2 starts at 6, so `abstract 6`, a menu entry "6." and a mention all
 * name the same paper. Lists of papers are numbered from 1; a single paper is 1.
 */
export function replyActions(reply: Reply): ReplyActions {
  switch (reply.kind) {
    case 'results': {
      const first = (reply.page - 1) * reply.pageSize + 1;
      const papers = reply.hits.map((h, i) => numbered(h, first + i));
      if (reply.pageCount <= 1) return { papers };
      const move = (page: number, label: PageAction['label']): PageAction => ({ id: pageActionId(page), page, label, disabled: page < 1 || page > reply.pageCount });
      return { papers, paging: { query: reply.query, page: reply.page, pageCount: reply.pageCount, previous: move(reply.page - 1, 'Previous'), next: move(reply.page + 1, 'Next') } };
    }
    case 'saved': {
      const first = (reply.page - 1) * reply.pageSize + 1;
      const papers = reply.hits.map((h, i) => numbered(h, first + i));
      if (reply.pageCount <= 1) return { papers };
      const move = (page: number, label: PageAction['label']): PageAction => ({ id: pageActionId(page), page, label, disabled: page < 1 || page > reply.pageCount });
      return { papers, paging: { query: SAVED_LIST_QUERY, page: reply.page, pageCount: reply.pageCount, previous: move(reply.page - 1, 'Previous'), next: move(reply.page + 1, 'Next') } };
    }
    case 'today':
    case 'list':
      return { papers: reply.hits.map((h, i) => numbered(h, i + 1)) };
    case 'paper':
      return { papers: [numbered(reply.paper, 1)] };
    case 'card':
      return { papers: reply.cards.map((c, i) => numbered(c, i + 1)) };
    case 'abstract':
    case 'citation':
    case 'bibtex':
    case 'no-results':
    case 'help':
    case 'info':
    case 'refused':
    case 'error':
      return { papers: [] };
    default:
      return unhandled(reply);
  }
}
