import type { KnownBlock } from '@slack/types';
import { fittingLinks, splitText, truncate } from '../../src/commands/split-text.js';
import type { PaperCard, PaperSummary, PaperView, Reply } from '../../src/commands/reply.js';
import { replyActions, type NumberedPaper } from '../../src/conversation/actions.js';
import { ACTION, moreValue } from './actions.js';
import { entityCost, escapeEntities, escapeMrkdwn, link, mrkdwnCost, plainText, visible } from './mrkdwn.js';
import { linkedLine, placeLine } from '../../src/commands/place-line.js';

// Reply -> Block Kit, pure. Every limit Slack documents is enforced here for
// any input, and every message carries a plain-text fallback `text`.

/** Block Kit limits (Slack's docs; see shared/platform-limits.md). */
export const LIMITS = { sectionText: 3000, header: 150, blocks: 50, buttonValue: 2000, buttonText: 75, optionText: 75, optionValue: 150, fallbackText: 3000, imageUrl: 3000 };


/** A renderable Slack message. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}


/** The plain-text fallback: cut to size, control characters and mention syntax neutralised. */
function fallback(text: string): string {
  return escapeEntities(truncate(text, LIMITS.fallbackText, entityCost)).trim() || 'paperbot';
}

/** Escaped mrkdwn no longer than `max`: cut before escaping, where the escaped text fits. */
function fit(text: string, max: number): string {
  return escapeMrkdwn(truncate(text, max, mrkdwnCost));
}

function section(mrkdwn: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn.slice(0, LIMITS.sectionText) } };
}

function context(mrkdwn: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn.slice(0, LIMITS.sectionText) }] };
}

/**
 * A single paper's buttons (random, show, the daily post): the core's actions
 * (Abstract into the thread; Save, Cite, Related and Watch only to the
 * clicker), their ids as values.
 */
function paperButtons(paper: NumberedPaper): KnownBlock {
  return {
    type: 'actions',
    elements: paper.actions.map((a) => ({ type: 'button' as const, text: { type: 'plain_text' as const, text: a.label }, action_id: `${ACTION.paper}${paper.n}_${a.kind}`, value: a.id })),
  };
}

/**
 * A result's actions as one overflow menu beside it: a list of five carries
 * five menus and at most one More button, not fifteen buttons. The menu's
 * action id names the result number; each option's value is the core's id.
 */
function paperMenu(paper: NumberedPaper) {
  return {
    type: 'overflow' as const,
    action_id: `${ACTION.paper}${paper.n}`,
    options: paper.actions.map((a) => ({ text: { type: 'plain_text' as const, text: a.label }, value: a.id })),
  };
}

/** The links that fit whole in `room`: the bot's own URLs (or the API's, checked to be http(s)), labels escaped. */
function linksLine(paper: PaperSummary, room: number): string {
  return fittingLinks(paper.links.map((l) => link(l.url, l.label)), room);
}

function hitBlocks(numbered: NumberedPaper): KnownBlock[] {
  const hit = numbered.paper;
  const lines = [`*${fit(hit.title, 600)}*`, `_${placeLine(hit)}_`];
  if (hit.authors !== undefined) lines.push(fit(hit.authors, 300));
  if (hit.snippet !== '') lines.push(fit(hit.snippet, 400));
  if (hit.note !== undefined && fit(hit.note, 300).trim() !== '') lines.push(`_${fit(hit.note, 300)}_`);
  if (hit.arxivId !== undefined) {
    const links = linksLine(hit, LIMITS.sectionText - lines.join('\n').length - 1);
    if (links !== '') lines.push(links);
  }
  return [{ ...section(lines.join('\n')), accessory: paperMenu(numbered) } as KnownBlock];
}

function notesBlocks(notes: string[]): KnownBlock[] {
  // Slack rejects an empty text object: notes with nothing visible in them are left out.
  const shown = notes.map((n) => fit(n, 500)).filter((n) => n.trim() !== '');
  return shown.length === 0 ? [] : [context(shown.join('\n'))];
}


/** Renders any reply as a Slack message. */
export function renderReply(reply: Reply): SlackMessage {
  switch (reply.kind) {
    case 'results': {
      const head = `Results for “${fit(reply.query, 300)}”: ${reply.total} ${reply.total === 1 ? 'match' : 'matches'} · page ${reply.page} of ${reply.pageCount}`;
      const { papers, paging } = replyActions(reply);
      const blocks: KnownBlock[] = [...notesBlocks(reply.notes), context(head), ...papers.flatMap(hitBlocks)];
      // Slack pages forward only: the More button replaces the message with the next page.
      if (paging && !paging.next.disabled) {
        blocks.push({
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'More results' }, action_id: ACTION.more, value: moreValue(paging.query, paging.next.page) }],
        });
      }
      return { text: fallback(`Results for "${reply.query}": ${reply.hits.map((h) => h.title).join('; ')}`), blocks };
    }
    case 'today':
      return {
        text: fallback(`Top trending papers of ${reply.date}`),
        blocks: [...notesBlocks(reply.notes), { type: 'header', text: { type: 'plain_text', text: `Top trending papers · ${reply.date}` } }, ...replyActions(reply).papers.flatMap(hitBlocks)],
      };
    case 'list':
      return {
        text: fallback(`${reply.title}: ${reply.hits.map((h) => h.title).join('; ')}`),
        blocks: [
          ...notesBlocks(reply.notes),
          { type: 'header', text: { type: 'plain_text', text: truncate(plainText(reply.title), LIMITS.header).trim() || 'Papers' } },
          ...replyActions(reply).papers.slice(0, 20).flatMap(hitBlocks),
          ...(reply.more === undefined || fit(reply.more, 300).trim() === '' ? [] : [context(fit(reply.more, 300))]),
        ],
      };
    case 'saved': {
      const head = `Your reading list: ${reply.total} ${reply.total === 1 ? 'paper' : 'papers'}, newest first · page ${reply.page} of ${reply.pageCount} · only you see it`;
      const { papers, paging } = replyActions(reply);
      const blocks: KnownBlock[] = [...notesBlocks(reply.notes), context(head), ...papers.flatMap(hitBlocks)];
      if (paging && !paging.next.disabled) {
        blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'More saved papers' }, action_id: ACTION.more, value: moreValue(paging.query, paging.next.page) }] });
      }
      return { text: fallback(`Your reading list: ${reply.hits.map((h) => h.title).join('; ')}`), blocks };
    }
    case 'bibtex': {
      // A long list goes as a file (the adapter uploads it, see files.ts); the message says where.
      const inline = bibtexFitsInline(reply.bibtex);
      return {
        text: fallback(reply.title),
        blocks: [
          ...notesBlocks(reply.notes),
          context(`*${fit(reply.title, 300)}*`),
          inline ? section(codeBlock(reply.bibtex, LIMITS.sectionText)) : section(`It is too long for a message, so I am sending it to you as the file \`${fit(reply.filename, 100)}\` in our direct messages.`),
        ],
      };
    }
    case 'paper':
      return renderPaperMessage(reply.heading, reply.paper, reply.notes);
    case 'card': {
      const titles = reply.cards.map((c) => c.title).join('; ');
      return {
        text: fallback(reply.heading === undefined ? titles : `${reply.heading}: ${titles}`),
        blocks: [...notesBlocks(reply.notes), ...cardHeadingBlocks(reply), ...numberedCards(reply).flatMap(({ card, numbered }) => cardBlocks(card, numbered, reply.cards.length === 1))].slice(0, LIMITS.blocks),
      };
    }
    case 'abstract':
      return renderAbstractMessages(reply.paper)[0]!;
    case 'citation':
      return {
        text: fallback(`BibTeX for "${reply.paper.title}"`),
        blocks: [...notesBlocks(reply.notes), context(`BibTeX for *${fit(reply.paper.title, 300)}*`), section(codeBlock(reply.bibtex, LIMITS.sectionText))],
      };
    case 'no-results': {
      const lines = [`No papers match “${fit(reply.query, 300)}”.`];
      if (reply.suggestions.length > 0) lines.push(`Did you mean ${reply.suggestions.map((s) => `*${fit(s, 100)}*`).join(', ')}?`);
      lines.push('Try fewer or different words, or `/paper today` for the newest papers.');
      return { text: fallback(`No papers match "${truncate(reply.query, 300)}".`), blocks: [...notesBlocks(reply.notes), section(lines.join('\n'))] };
    }
    case 'help': {
      const lines = reply.entries.map((e) => `\`${escapeMrkdwn(e.usage).replace(/\u200b/g, '')}\` ${escapeMrkdwn(e.description)}`);
      const lib = reply.library;
      return {
        text: 'paperbot help',
        blocks: [
          ...notesBlocks(reply.notes),
          section(`*paperbot* searches the Hugging Face Daily Papers digests.\n${lines.join('\n')}`),
          context(`${lib.papers} papers from ${lib.digests} digest ${lib.digests === 1 ? 'day' : 'days'}${lib.newest ? `, newest ${lib.newest}` : ''}. In a thread, mention me: \`@paperbot abstract\` or \`@paperbot <words>\`.`),
        ],
      };
    }
    case 'info':
      return {
        text: fallback(reply.title),
        blocks: [...notesBlocks(reply.notes), section([`*${fit(reply.title, 500)}*`, ...reply.lines.map((l) => fit(l, 500))].join('\n').slice(0, LIMITS.sectionText))],
      };
    case 'refused':
      return { text: fallback(`Not allowed: ${reply.message}`), blocks: [...notesBlocks(reply.notes), section(`:no_entry: ${fit(reply.message, 2000)}`)] };
    case 'error':
      return { text: fallback(`Sorry: ${reply.message}`), blocks: [...notesBlocks(reply.notes), section(`:warning: Sorry: ${fit(reply.message, 2000)}`)] };
  }
}

/**
 * One paper in full: title, date, rank and upvotes, authors, the AI TL;DR,
 * snippet, links, its thumbnail as the image accessory, and a button for each of the core's actions on it.
 */
export function renderPaperMessage(heading: string, paper: PaperView, notes: string[] = []): SlackMessage {
  const lines = [`*${fit(paper.title, 600)}*`, `_${placeLine(paper)}_`];
  if (paper.authors !== undefined) lines.push(fit(paper.authors, 300));
  if (paper.tldr !== undefined) lines.push(`*TL;DR* (AI summary by Hugging Face): ${fit(paper.tldr, 600)}`);
  if (paper.snippet !== '') lines.push(fit(paper.snippet, 400));
  const links = linksLine(paper, LIMITS.sectionText - lines.join('\n').length - 1);
  if (links !== '') lines.push(links);
  const main = section(lines.join('\n'));
  const image = paper.thumbnail !== undefined && paper.thumbnail.length <= LIMITS.imageUrl ? { accessory: { type: 'image', image_url: paper.thumbnail, alt_text: truncate(plainText(paper.title), 2000) || 'paper' } } : {};
  return {
    text: fallback(`${heading}: ${paper.title}`),
    blocks: [
      ...notesBlocks(notes),
      { type: 'header', text: { type: 'plain_text', text: truncate(plainText(heading), LIMITS.header).trim() || 'Paper' } },
      { ...main, ...image } as KnownBlock,
      paperButtons(replyActions({ kind: 'paper', heading, paper, notes }).papers[0]!),
    ],
  };
}

/** Whether BibTeX shows whole in one code block; longer goes as a file. */
export function bibtexFitsInline(bibtex: string): boolean {
  return escapeEntities(plainText(bibtex)).replace(/`(?=`)/g, '`\u200b').length <= LIMITS.sectionText - 8;
}

/** Why an unasked card was sent (a watch alert): its heading as a header, what changed below it; nothing for a card asked for. */
function cardHeadingBlocks(reply: Extract<Reply, { kind: 'card' }>): KnownBlock[] {
  if (reply.heading === undefined) return [];
  const lines = (reply.lines ?? []).map((l) => fit(l, 500)).filter((l) => l.trim() !== '');
  return [
    { type: 'header', text: { type: 'plain_text', text: truncate(plainText(reply.heading), LIMITS.header).trim() || 'Paper' } },
    ...(lines.length === 0 ? [] : [section(lines.join('\n'))]),
  ];
}

/** A card reply's cards with the numbers and actions the core gave them. */
function numberedCards(reply: Extract<Reply, { kind: 'card' }>): { card: PaperCard; numbered: NumberedPaper }[] {
  const numbered = replyActions(reply).papers;
  return reply.cards.map((card, i) => ({ card, numbered: numbered[i]! }));
}

/**
 * One paper card: the title, where it trended and its upvotes, the first
 * authors, the AI TL;DR, what the Hub links to it, and its links. Alone (an
 * unfurl, one card) it carries the core's actions as buttons; among
 * several, one overflow menu beside it, as a result does, so ten cards stay
 * compact and far below the 50 blocks a message may hold.
 */
function cardBlocks(card: PaperCard, numbered: NumberedPaper, alone: boolean): KnownBlock[] {
  const lines = [`*${fit(card.title, 600)}*`, `_${placeLine(card)}_`];
  if (card.authors !== undefined) lines.push(fit(card.authors, 300));
  if (card.tldr !== undefined) lines.push(`*TL;DR* (AI summary by Hugging Face): ${fit(card.tldr, 600)}`);
  const linked = linkedLine(card.linked);
  if (linked !== undefined) lines.push(linked);
  const links = linksLine(card, LIMITS.sectionText - lines.join('\n').length - 1);
  if (links !== '') lines.push(links);
  const main = section(lines.join('\n'));
  return alone ? [main, paperButtons(numbered)] : [{ ...main, accessory: paperMenu(numbered) } as KnownBlock];
}

/**
 * A card reply as `chat.unfurl`'s `unfurls`: each card's blocks under the
 * exact link it answers (Slack matches them by URL); a card that answers no
 * link is left out.
 */
export function renderUnfurls(reply: Extract<Reply, { kind: 'card' }>): Record<string, { blocks: KnownBlock[] }> {
  const unfurls: Record<string, { blocks: KnownBlock[] }> = {};
  for (const { card, numbered } of numberedCards(reply)) {
    if (card.asked !== undefined) unfurls[card.asked] = { blocks: cardBlocks(card, numbered, true) };
  }
  return unfurls;
}

/**
 * Text as a mrkdwn code block: only & < > escaped (formatting is not parsed
 * there). No two backticks touch (a zero-width space between), so no run of
 * them can close the block: a one-pass "```" replacement left "````" a fence.
 */
function codeBlock(text: string, max: number): string {
  const body = escapeEntities(plainText(text)).replace(/`(?=`)/g, '`\u200b');
  const room = max - 8;
  return `\`\`\`\n${body.length <= room ? body : `${body.slice(0, room - 1)}\u2026`}\n\`\`\``;
}

/**
 * A paper's abstract as one or more messages (a thread reply each): the text is
 * split at sentence or word boundaries into sections of at most 3000
 * characters (after escaping), at most 50 blocks a message; nothing is dropped.
 */
export function renderAbstractMessages(paper: PaperView): SlackMessage[] {
  const body = visible(paper.abstract).trim() === '' ? 'The digest had no abstract for this paper.' : paper.abstract;
  const chunks = escapedChunks(body, LIMITS.sectionText);
  const title = `*Abstract: ${fit(paper.title, 600)}*`;
  const blocks: KnownBlock[] = [{ ...section(title), block_id: abstractBlockId(paper.id) } as KnownBlock, ...chunks.map(section)];
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += LIMITS.blocks) {
    const part = blocks.slice(i, i + LIMITS.blocks);
    messages.push({ text: fallback(`Abstract of "${paper.title}": ${body}`), blocks: part });
  }
  return messages;
}

/** The block id that marks a thread message as a paper's abstract, so a restarted bot can see it is there. */
export function abstractBlockId(paperId: string): string {
  return `abstract:${paperId}`;
}

/** Splits raw text into escaped chunks that each fit `max`, in one linear pass. */
function escapedChunks(text: string, max: number): string[] {
  return splitText(visible(text), max, mrkdwnCost).map(escapeMrkdwn);
}
