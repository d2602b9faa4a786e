import type { IsoDay } from '../sources/digest/digest-types.js';

// The platform-neutral answer model. The core returns these values; each
// adapter renders them (Block Kit, Discord embeds, plain text). Nothing here
// is markup: every string is plain text that the renderer must escape.

/**
 * A link the core built: a label and an http(s) URL. With an arXiv id these are
 * the paper's own pages (arXiv, PDF, Hugging Face, GitHub, project page);
 * without one, title searches on arXiv and Hugging Face.
 */
export interface PaperLink {
  label: string;
  url: string;
}

/** A paper as one result line: enough for a compact list. */
export interface PaperSummary {
  id: string;
  title: string;
  /** Day and trending rank of the newest listing of it; no rank for a paper only looked up (it ranked nowhere we saw). */
  date: IsoDay;
  rank?: number;
  snippet: string;
  /** How many days listed this paper. */
  digestCount: number;
  arxivId?: string;
  /** "A. One, B. Two, C. Three et al."; absent when unknown (digests carry no authors). */
  authors?: string;
  upvotes?: number;
  links: PaperLink[];
  /** Why this paper is in this list, shown under it: "5 saves and reactions", "like “<a saved title>”". */
  note?: string;
}

/** A paper in full, for a single-paper answer, the daily post or a thread. */
export interface PaperView extends PaperSummary {
  abstract: string;
  /** Hugging Face's AI-written summary, shown labelled as a TL;DR. */
  tldr?: string;
  /** An image of the paper (the API's thumbnail), for the daily post and single-paper answers. */
  thumbnail?: string;
}

/** How many models, datasets and Spaces on the Hub cite a paper (their `arxiv:<id>` tag); each only when counted. */
export interface LinkedCounts {
  models?: number;
  datasets?: number;
  spaces?: number;
}

/**
 * One paper as a card, for a pasted link or id: title, first authors, where it
 * trended and its upvotes when known, the AI TL;DR, links to read it, and
 * what the Hub links to it. Short by design (the abstract is one action away).
 */
export interface PaperCard extends PaperSummary {
  tldr?: string;
  /** The link or id the card answers, as it was written (Slack keys its unfurls by the exact URL). */
  asked?: string;
  linked?: LinkedCounts;
}

/** One line of the help text. */
export interface HelpEntry {
  usage: string;
  description: string;
}

/** Every answer the core can give. */
export type Reply =
  | {
      kind: 'results';
      query: string;
      page: number;
      pageCount: number;
      pageSize: number;
      /** All matches; pages reach at most the first 50. */
      total: number;
      hits: PaperSummary[];
      notes: string[];
    }
  | { kind: 'today'; date: IsoDay; hits: PaperSummary[]; notes: string[] }
  /**
   * A titled list of papers: the week's best, a follow alert. `more` says what
   * was left out ("and 4 more"); papers are numbered from 1.
   */
  | {
      kind: 'list';
      title: string;
      hits: PaperSummary[];
      more?: string;
      notes: string[];
      /** Made for the asker (`foryou`): only they see it, whatever the channel's results setting. */
      personal?: boolean;
    }
  /**
   * The asker's reading list, newest save first, a page at a time (numbered
   * across pages as results are). Only the asker sees it.
   */
  | { kind: 'saved'; page: number; pageCount: number; pageSize: number; total: number; hits: PaperSummary[]; notes: string[] }
  /**
   * Many BibTeX entries at once (`saved bib`): shown inline when short, else
   * as a file (`filename`) where the platform can attach one. Only the asker sees it.
   */
  | { kind: 'bibtex'; title: string; filename: string; bibtex: string; count: number; notes: string[] }
  | { kind: 'paper'; heading: string; paper: PaperView; notes: string[] }
  /**
   * One card per paper named by the links or ids asked about, in the order
   * asked; never empty. A card sent unasked (a watch alert) says why above the
   * cards: a `heading` ("Watched paper: code released") and its `lines`.
   */
  | { kind: 'card'; cards: PaperCard[]; notes: string[]; heading?: string; lines?: string[] }
  | { kind: 'abstract'; paper: PaperView; notes: string[] }
  /** A BibTeX entry for a paper, shown only to the asker (a channel is not filled with BibTeX). */
  | { kind: 'citation'; paper: PaperSummary; bibtex: string; notes: string[] }
  | { kind: 'no-results'; query: string; suggestions: string[]; notes: string[] }
  | {
      kind: 'help';
      entries: HelpEntry[];
      library: { papers: number; digests: number; newest?: IsoDay };
      notes: string[];
    }
  /** A plain informational answer (e.g. subscription changes): a title and lines of text. */
  | { kind: 'info'; title: string; lines: string[]; notes: string[]; /** About the asker's own reading list or data: never posted for a channel to see. */ personal?: boolean }
  /** The user may not do this here (e.g. change a channel's subscription without permission). */
  | { kind: 'refused'; message: string; notes: string[] }
  | { kind: 'error'; message: string; notes: string[] };

export type ReplyKind = Reply['kind'];
