import { z } from 'zod';
import { findPaperLinks, MAX_LINKS_PER_TEXT, parsePaperLink } from '../links/paper-links.js';
import { defineCommand } from './command-module.js';
import { missingPaper, toCard } from './paper-views.js';
import type { PaperCard } from './reply.js';

// `/paper <arXiv id | paper link> ...`: the card of each paper named, when
// the whole text is paper links or arXiv ids (a pasted link is not searched
// for "https"). The same command answers a link event (a Slack unfurl,
// Discord's "Paper info"): each link resolves through the core's resolver
// (the library, else the Hugging Face paper API), once per paper.

/** Words in a text, keeping Slack's `<url|label>` (whose label may hold spaces) whole. */
const TOKENS = /<[^<>]*>|\S+/g;
/** A web address typed as a word (with a scheme or www., or on a paper site without either): never a search for "https". */
const URL_LIKE = /^[<(]?(?:https?:\/\/|www\.|(?:arxiv\.org|huggingface\.co|hf\.co)\/)\S/i;

export const card = defineCommand({
  schema: z.object({
    kind: z.literal('card'),
    /** The links or ids as written (Slack keys unfurls by the exact URL). */
    links: z.array(z.string().min(1).max(3000)).min(1).max(MAX_LINKS_PER_TEXT),
  }),
  help: [{ usage: '/paper <arXiv id | paper link>', description: 'that paper’s card: where it trended, its TL;DR and links (looked up on Hugging Face when not in the library)' }],
  parse: (text, notes) => {
    const tokens = text.match(TOKENS) ?? [];
    if (tokens.length === 0) return undefined;
    // Up to 200 words are looked at (a query is cut there anyway). A text of web addresses only is
    // claimed: one that is no paper link gets a clear answer, not a search for "https".
    if (tokens.length > 200 || !tokens.every((t) => parsePaperLink(t) !== undefined || URL_LIKE.test(t))) {
      // Words with a paper link among them ("check out https://arxiv.org/abs/..."): the link is what is
      // meant; searching the words with "https" would list unrelated papers.
      const found = findPaperLinks(text);
      if (found.length === 0) return undefined;
      notes.push('I showed the paper you linked; to search for words, type them without a link.');
      return { kind: 'card' as const, links: found.map((l) => l.url) };
    }
    if (tokens.length > MAX_LINKS_PER_TEXT) notes.push(`You pasted ${tokens.length} links; here are the cards of the first ${MAX_LINKS_PER_TEXT}.`);
    return { kind: 'card' as const, links: tokens.slice(0, MAX_LINKS_PER_TEXT) };
  },
  answer: async ({ command, deps, notes }) => {
    // One paper per arXiv id, in the order asked; the first link to it is the one its card answers.
    const asked = new Map<string, string>();
    for (const link of command.links) {
      const found = parsePaperLink(link);
      if (found && !asked.has(found.arxivId)) asked.set(found.arxivId, link);
    }
    if (asked.size === 0) {
      return { kind: 'error', message: 'That is not a link to a paper I can read: paste an arXiv or Hugging Face paper link such as https://arxiv.org/abs/2509.24006, or an arXiv id.', notes };
    }
    const skipped = command.links.length - [...command.links].filter((l) => parsePaperLink(l) !== undefined).length;
    if (skipped > 0) notes.push(`${skipped === 1 ? 'One link is' : `${skipped} links are`} not to an arXiv or Hugging Face paper, so ${skipped === 1 ? 'it has' : 'they have'} no card.`);
    const resolved = await Promise.all([...asked].map(async ([arxivId, link]) => ({ arxivId, link, resolution: await deps.papers.resolve(arxivId) })));
    const cards: PaperCard[] = [];
    const missing: string[] = [];
    for (const { arxivId, link, resolution } of resolved) {
      if (resolution.kind === 'found') cards.push(toCard(resolution.paper, link));
      else missing.push(missingPaper(arxivId, resolution.why));
    }
    if (cards.length === 0) {
      // A link to no paper is not an error anyone needs to see in the logs: one debug line.
      deps.logger?.debug(`links: no paper for ${[...asked.keys()].join(', ')} (${resolved.map((r) => (r.resolution.kind === 'none' ? r.resolution.why : 'found')).join(', ')})`);
      return { kind: 'error', message: missing.join(' '), notes };
    }
    return { kind: 'card', cards, notes: [...notes, ...missing] };
  },
});
