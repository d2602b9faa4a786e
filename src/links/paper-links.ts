import { ArxivIdSchema } from '../library/paper.js';

// Paper links as people paste them: arxiv.org/abs/<id>, /pdf/<id> (with or
// without .pdf), /html/<id>, each with an optional version (v2);
// huggingface.co/papers/<id> (and hf.co, and the page's .md twin); with or
// without a scheme or www.; in Slack's `<url|label>` form; and a bare arXiv
// id (2509.24006, 2509.24006v2, arXiv:2509.24006, hep-th/9901001). Each names
// one paper by its arXiv id without the version: arXiv and the Hub keep one
// page per paper, and the library one entry.

/** A paper link found in text: the arXiv id it names, and the link as it was written (Slack keys unfurls by it). */
export interface FoundPaperLink {
  /** Without the version: `2509.24006`, `hep-th/9901001`. */
  arxivId: string;
  /** The version the link named (`v2` -> 2), when it named one. */
  version?: number;
  /** The link as found (its Slack `<...|label>` wrapping removed). */
  url: string;
}

/** At most this many links are read from one text: a message of 500 links makes no 500 lookups. */
export const MAX_LINKS_PER_TEXT = 10;

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co', 'www.hf.co']);

/**
 * Where a link starts in free text: a host paperbot knows, with or without a
 * scheme, not inside another word or host (`notarxiv.org`). It runs to the
 * first space or character that cannot be in a bare URL (Slack's `|` and
 * `>`, Markdown's `)` and `]`, quotes).
 */
const LINK_IN_TEXT = /(?<![\w.@/-])(?:https?:\/\/)?(?:(?:www|export)\.)?(?:arxiv\.org|huggingface\.co|hf\.co)\/[^\s<>|()[\]"'`]+/giu;
/** A bare id in free text, marked as one (`arXiv:2509.24006`): plain numbers in chat are too often something else. */
const MARKED_ID_IN_TEXT = /(?<![\w.])arxiv:\s?((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?)(?![\w.])/giu;
/** What may follow a link in a sentence without being part of it. */
const TRAILING = /[.,;:!?'"”’)\]}>*_~]+$/u;
/** What may open a link in a sentence without being part of it: "(see https://...)". */
const LEADING = /^[(["'“‘{*_~]+/u;

/**
 * The arXiv id that `text`, as a whole, names: one link or a bare id, with
 * surrounding spaces, Slack's angle brackets or a sentence's final period
 * allowed; undefined for anything else.
 */
export function parsePaperLink(text: string): FoundPaperLink | undefined {
  // Brackets and a sentence's punctuation around it first (they may wrap Slack's <url|label> too).
  let t = text.trim().replace(LEADING, '').replace(/[.,;:!?'"”’)\]}*_~]+$/u, '');
  const slack = /^<([^<>|\s]+)(?:\|[^<>]*)?>$/u.exec(t);
  if (slack) t = slack[1]!;
  t = t.replace(LEADING, '').replace(TRAILING, '');
  if (t === '') return undefined;
  const bare = /^(?:arxiv:\s?)?([^\s:]+)$/iu.exec(t);
  if (bare && !bare[1]!.includes('.org') && !bare[1]!.includes('.co/')) {
    const id = readId(bare[1]!);
    if (id) return { ...id, url: t };
  }
  return readUrl(t);
}

/**
 * Every paper link in `text`, in order, one per paper (the first link to it
 * wins), at most {@link MAX_LINKS_PER_TEXT}. Bare ids count only when marked
 * (`arXiv:2509.24006`); a whole text that is one bare id is
 * {@link parsePaperLink}'s.
 */
export function findPaperLinks(text: string): FoundPaperLink[] {
  const found: { at: number; link: FoundPaperLink }[] = [];
  for (const m of text.matchAll(LINK_IN_TEXT)) {
    const link = readUrl(m[0].replace(TRAILING, ''));
    if (link) found.push({ at: m.index, link });
  }
  for (const m of text.matchAll(MARKED_ID_IN_TEXT)) {
    const id = readId(m[1]!);
    if (id) found.push({ at: m.index, link: { ...id, url: m[0] } });
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: FoundPaperLink[] = [];
  for (const { link } of found) {
    if (seen.has(link.arxivId)) continue;
    seen.add(link.arxivId);
    out.push(link);
    if (out.length === MAX_LINKS_PER_TEXT) break;
  }
  return out;
}

/** An arXiv id with an optional version, checked by the library's own schema. */
function readId(candidate: string): Omit<FoundPaperLink, 'url'> | undefined {
  const parsed = ArxivIdSchema.safeParse(candidate);
  if (!parsed.success) return undefined;
  const version = /v(\d+)$/i.exec(candidate.trim());
  return { arxivId: parsed.data, ...(version ? { version: Number(version[1]) } : {}) };
}

/** A URL on arXiv or the Hub that names a paper; undefined for any other URL or page. */
function readUrl(text: string): FoundPaperLink | undefined {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  let candidate: string | undefined;
  if (ARXIV_HOSTS.has(host)) candidate = /^\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?\/?$/iu.exec(path)?.[1];
  else if (HF_HOSTS.has(host)) candidate = /^\/papers\/(.+?)(?:\.md)?\/?$/iu.exec(path)?.[1];
  if (candidate === undefined) return undefined;
  const id = readId(candidate);
  return id ? { ...id, url: text } : undefined;
}
