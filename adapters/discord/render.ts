import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIStringSelectComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { fittingLinks, splitText, truncate } from '../../src/commands/split-text.js';
import type { PaperCard, PaperSummary, PaperView, Reply } from '../../src/commands/reply.js';
import { linkedLine, placeLine } from '../../src/commands/place-line.js';
import { pageActionId, parseActionId, replyActions, ACTION_MENUS, SAVED_LIST_QUERY, type NumberedPaper } from '../../src/conversation/actions.js';
import { stripControls } from '../../src/text/unicode-controls.js';
import { discordCost, escapeDiscord } from './markdown.js';

// Reply -> Discord message payload, pure. Every limit Discord documents is
// enforced for any input; markdown in digest and user text is escaped so it
// shows as written; allowed_mentions is empty on every payload, so nothing
// can ping @everyone, a role or a user.

/** Discord's limits (see shared/platform-limits.md). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embeds: 10,
  buttonsPerRow: 5,
  rows: 5,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  selectOptions: 25,
  optionLabel: 100,
  optionValue: 100,
  placeholder: 150,
} as const;

/**
 * Custom ids are the core's action ids (src/conversation/actions.ts): they
 * carry all a button needs, so buttons work after a restart. The menus of a
 * list have one custom id per menu and the action ids as option values.
 */
export const CUSTOM_ID = {
  page: pageActionId,
  parse: parseActionId,
  /** A list menu's custom id (ACTION_MENUS ids). */
  menu: (id: string) => `menu:${id}`,
};

/** A row of components: buttons, or one string select menu. */
export type DiscordRow = APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>;

/** A message body as Discord's REST API takes it. */
export interface DiscordPayload {
  content?: string;
  embeds: APIEmbed[];
  components: DiscordRow[];
  allowed_mentions: { parse: [] };
  /** Attachments (a long BibTeX list). */
  files?: { name: string; data: Buffer }[];
}

const COLOR = 0xffd21e; // Hugging Face yellow
const NO_MENTIONS = { parse: [] as [] };

/** Escapes Discord markdown and neutralises mention syntax in untrusted text, cut (before escaping) to fit `max`. */
export function safe(text: string, max: number): string {
  return escapeDiscord(truncate(text, max, discordCost));
}

/** Markdown links; URLs are ours or the API's (checked http(s)), with ( ) < > encoded so none can end the link early. */
function linksLine(paper: PaperSummary, room: number): string {
  return fittingLinks(paper.links.map((l) => `[${safe(l.label, 40)}](${linkTarget(l.url)})`), room);
}

/** A URL percent-encoded wherever markdown or mention syntax could start (encodeURIComponent leaves ( ) alone). */
function linkTarget(url: string): string {
  return url.replace(/[()[\]<>@*_~`|\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * A hit as an embed field, for a value of at most `room` characters (or its
 * place line), built from its parts in the order they matter: the place line,
 * the links (at most 200 characters of them, each whole or left out), the
 * authors, the snippet. A smaller `room` loses the snippet first, then the
 * authors, then links, whole: a field is never cut after rendering, where a
 * cut could open a masked link ("[Find on arXiv](https://arxiv.org/search/?query=..."
 * with no ")"). What does not depend on the room is rendered once.
 */
function hitField(hit: PaperSummary, n: number): (room: number) => APIEmbedField {
  const name = `${n}. ${safe(hit.title, 200)}`.slice(0, LIMITS.fieldName);
  // Our own text (a date, digits and "·", some 30-70 characters): nothing in it is markdown, and it always stays.
  const place = placeLine(hit);
  const links = hit.arxivId === undefined ? [] : hit.links.map((l) => `[${safe(l.label, 40)}](${linkTarget(l.url)})`);
  // Escaped text is cut before escaping, where it fits: at full size once, smaller only when the room asks.
  const part = (text: string | undefined, max: number) => {
    const full = text === undefined || text === '' ? '' : safe(text, max);
    return (room: number) => (full.length <= room ? full : room < MIN_PART ? '' : safe(text!, room));
  };
  const authors = part(hit.authors, 200);
  const snippet = part(hit.snippet, 500);
  const noteText = part(hit.note, 200);
  const note = (room: number) => {
    const text = noteText(room - 2);
    return text === '' ? '' : `*${text}*`;
  };
  return (room) => {
    const lines: string[] = [];
    let left = room;
    const add = (line: string) => {
      if (line === '') return;
      lines.push(line);
      left -= line.length + 1; // and the line break before the next line
    };
    add(place);
    add(fittingLinks(links, Math.min(200, left)));
    add(authors(left));
    add(note(left));
    add(snippet(left));
    return { name, value: lines.join('\n') || '\u200b' };
  };
}

/** The least room worth an author list or snippet in a shortened field. */
const MIN_PART = 20;

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary, disabled = false): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId.slice(0, LIMITS.customId), label: label.slice(0, 80), style, disabled };
}

/** One paper's actions as a row of buttons (the core's labels and ids; a row holds 5). */
function paperButtons(paper: NumberedPaper): DiscordRow {
  return row(paper.actions.slice(0, LIMITS.buttonsPerRow).map((a) => button(a.id, a.label, ButtonStyle.Secondary)));
}

function row(buttons: APIButtonComponent[]): DiscordRow {
  return { type: ComponentType.ActionRow, components: buttons.slice(0, LIMITS.buttonsPerRow) };
}

function notesText(notes: string[]): string | undefined {
  const text = notes.length === 0 ? '' : safe(notes.join('\n'), 1000);
  return text.trim() === '' ? undefined : text;
}

/** The footer that records a results message's query, read back by the paging buttons. */
export function resultsFooter(query: string, page: number, pageCount: number): string {
  // Queries are at most 200 characters (the core cuts longer ones), so this keeps them whole.
  return `/paper ${stripControls(query).slice(0, 400)} · page ${page} of ${pageCount}`;
}

/** Reads the query back from a results footer; undefined if it is not one. */
export function queryFromFooter(footer: string | undefined): string | undefined {
  const m = /^\/paper ([\s\S]+) · page \d+ of \d+$/.exec(footer ?? '');
  return m?.[1];
}

function listEmbed(title: string, hits: PaperSummary[], firstNumber: number, footer?: string): APIEmbed {
  const embed: APIEmbed = { title: safe(title, LIMITS.embedTitle), color: COLOR };
  if (footer) embed.footer = { text: footer };
  const makers = hits.map((h, i) => hitField(h, firstNumber + i));
  const withFields = (room: number): APIEmbed => ({ ...embed, fields: makers.map((field) => field(room)) });
  const full = withFields(LIMITS.fieldValue);
  if (embedSize(full) <= LIMITS.embedTotal) return full;
  // Over Discord's 6000-character total: the largest room per field that fits, found by bisection
  // (about ten renderings); every field is rendered again within it, so the longest lose the most.
  let fits = 0;
  let over: number = LIMITS.fieldValue;
  while (over - fits > 1) {
    const mid = (fits + over) >> 1;
    if (embedSize(withFields(mid)) <= LIMITS.embedTotal) fits = mid;
    else over = mid;
  }
  return withFields(fits);
}

/**
 * A list's actions as the core's select menus ("Abstract of…", "Cite…",
 * "Related to…": ACTION_MENUS), each listing the papers by their result number
 * and title: a few components for any number of papers (up to 25 options a
 * menu), where buttons took fifteen for five papers and could not reach a
 * sixth. A menu that holds several kinds names the action in each option.
 * Option values are the core's action ids.
 */
function paperMenus(reply: Reply): DiscordRow[] {
  const papers = replyActions(reply).papers;
  if (papers.length === 0) return [];
  return ACTION_MENUS.map((menu) => {
    const options = papers.flatMap((p) =>
      p.actions
        .filter((a) => menu.kinds.includes(a.kind))
        .map((a) => {
          const title = `${p.n}. ${stripControls(p.paper.title).replace(/\s+/g, ' ').trim()}`;
          return { label: truncate(menu.kinds.length > 1 ? `${a.label}: ${title}` : title, LIMITS.optionLabel), value: a.id };
        }),
    );
    return { menu, options: options.slice(0, LIMITS.selectOptions) };
  })
    .filter(({ options }) => options.length > 0)
    .map(({ menu, options }) => ({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.StringSelect, custom_id: CUSTOM_ID.menu(menu.id), placeholder: menu.placeholder, options }],
    }));
}

function payload(p: Omit<DiscordPayload, 'allowed_mentions' | 'components' | 'embeds'> & Partial<DiscordPayload> = {}): DiscordPayload {
  const out: DiscordPayload = { embeds: [], components: [], ...p, allowed_mentions: NO_MENTIONS };
  if (out.content === undefined) delete out.content;
  return out;
}

/** Renders any reply as a Discord message payload. */
export function renderReply(reply: Reply): DiscordPayload {
  switch (reply.kind) {
    case 'results': {
      const first = (reply.page - 1) * reply.pageSize + 1;
      const embed = listEmbed(`Results for “${reply.query}”: ${reply.total} ${reply.total === 1 ? 'match' : 'matches'}`, reply.hits, first, resultsFooter(reply.query, reply.page, reply.pageCount));
      const components = paperMenus(reply);
      const { paging } = replyActions(reply);
      if (paging) {
        components.push(row([paging.previous, paging.next].map((move) => button(move.id, move.label, ButtonStyle.Primary, move.disabled))));
      }
      return payload({ content: notesText(reply.notes), embeds: [embed], components });
    }
    case 'today':
      return payload({
        content: notesText(reply.notes),
        embeds: [listEmbed(`Top trending papers · ${reply.date}`, reply.hits, 1)],
        components: paperMenus(reply),
      });
    case 'list': {
      const embed = listEmbed(reply.title, reply.hits.slice(0, 10), 1, reply.more === undefined ? undefined : safe(reply.more, 200));
      return payload({ content: notesText(reply.notes), embeds: [embed], components: paperMenus({ ...reply, hits: reply.hits.slice(0, 10) }) });
    }
    case 'saved': {
      const first = (reply.page - 1) * reply.pageSize + 1;
      const { paging } = replyActions(reply);
      const embed = listEmbed(`Your reading list: ${reply.total} ${reply.total === 1 ? 'paper' : 'papers'}, newest first`, reply.hits, first, resultsFooter(paging?.query ?? SAVED_LIST_QUERY, reply.page, reply.pageCount));
      const components = paperMenus(reply);
      if (paging) components.push(row([paging.previous, paging.next].map((move) => button(move.id, move.label, ButtonStyle.Primary, move.disabled))));
      return payload({ content: notesText(reply.notes), embeds: [embed], components });
    }
    case 'bibtex': {
      const block = codeBlock(reply.bibtex, Number.POSITIVE_INFINITY);
      if (block.length <= LIMITS.embedDescription) {
        return payload({ content: notesText(reply.notes), embeds: [{ title: safe(reply.title, LIMITS.embedTitle), color: COLOR, description: block }] });
      }
      // Too long for an embed: the whole list as an attachment, the message saying so.
      return payload({
        content: [notesText(reply.notes), `**${safe(reply.title, 300)}**: attached as ${safe(reply.filename, 100)}.`].filter(Boolean).join('\n'),
        files: [{ name: reply.filename.replace(/[^\w.-]/g, '_').slice(0, 100) || 'papers.bib', data: Buffer.from(reply.bibtex, 'utf8') }],
      });
    }
    case 'paper':
      return { ...renderPaperPost(reply.heading, reply.paper), content: notesText(reply.notes) ?? '' };
    case 'card':
      return renderCards(reply);
    case 'abstract':
      return renderAbstractMessages(reply.paper)[0]!;
    case 'citation':
      return payload({
        content: notesText(reply.notes),
        embeds: [{ title: safe(`BibTeX: ${reply.paper.title}`, LIMITS.embedTitle), color: COLOR, description: codeBlock(reply.bibtex, LIMITS.embedDescription) }],
      });
    case 'no-results': {
      const lines = [`No papers match “${safe(reply.query, 300)}”.`];
      if (reply.suggestions.length > 0) lines.push(`Did you mean ${reply.suggestions.map((s) => `**${safe(s, 100)}**`).join(', ')}?`);
      lines.push('Try fewer or different words, or `/paper query:today` for the newest papers.');
      return payload({ content: [notesText(reply.notes), ...lines].filter(Boolean).join('\n') });
    }
    case 'help': {
      const lib = reply.library;
      const lines = reply.entries.map((e) => `\`${e.usage.replace('/paper ', '/paper query:')}\` ${e.description}`);
      lines.push(`Mention me with words to search in any channel or thread.`);
      return payload({
        embeds: [
          {
            title: 'paperbot',
            color: COLOR,
            description: lines.join('\n'),
            footer: { text: `${lib.papers} papers from ${lib.digests} digest ${lib.digests === 1 ? 'day' : 'days'}${lib.newest ? `, newest ${lib.newest}` : ''}` },
          },
        ],
        content: notesText(reply.notes),
      });
    }
    case 'info':
      return payload({ content: [notesText(reply.notes), `**${safe(reply.title, 300)}**`, ...reply.lines.map((l) => safe(l, 300))].filter(Boolean).join('\n').slice(0, LIMITS.content) });
    case 'refused':
      return payload({ content: `⛔ ${safe(reply.message, 1500)}` });
    case 'error':
      return payload({ content: `⚠️ Sorry: ${safe(reply.message, 1500)}` });
  }
}

/**
 * One paper in full (random, show, the daily post): an embed with date, rank
 * and upvotes, authors, the AI TL;DR, snippet, links and the thumbnail, and
 * a button for each of the core's actions on it.
 */
export function renderPaperPost(heading: string, paper: PaperView): DiscordPayload {
  const text = [
    placeLine(paper),
    paper.authors === undefined ? '' : safe(paper.authors, 300),
    paper.tldr === undefined ? '' : `**TL;DR** (AI summary by Hugging Face): ${safe(paper.tldr, 700)}`,
    paper.snippet === '' ? '' : safe(paper.snippet, 1500),
  ]
    .filter(Boolean)
    .join('\n\n');
  // Only links that fit whole: a masked link cut in half is broken markdown (long titles make long search URLs).
  const links = linksLine(paper, LIMITS.embedDescription - text.length - 2);
  const description = [text, links].filter(Boolean).join('\n\n');
  const embed: APIEmbed = { author: { name: safe(heading, 200) }, title: safe(paper.title, LIMITS.embedTitle), description: description.slice(0, LIMITS.embedDescription), color: COLOR, footer: { text: `paper ${paper.id}` } };
  if (paper.thumbnail !== undefined) embed.thumbnail = { url: paper.thumbnail };
  return payload({
    embeds: [embed],
    components: [paperButtons(replyActions({ kind: 'paper', heading, paper, notes: [] }).papers[0]!)],
  });
}

/**
 * Paper cards: one embed each (at most 10), titled and linked to the paper's
 * arXiv page, with where it trended and its upvotes, the first authors, the
 * AI TL;DR, what the Hub links and its links; the cards share Discord's 6000
 * characters evenly, the TL;DR giving way first. One card carries Abstract,
 * Save, Cite, Related and Watch buttons (the core's actions), several the list's select menus.
 */
function renderCards(reply: Extract<Reply, { kind: 'card' }>, compact = false): DiscordPayload {
  const cards = reply.cards.slice(0, LIMITS.embeds);
  const share = Math.floor(LIMITS.embedTotal / Math.max(1, cards.length)) - 20;
  const embeds = cards.map((card) => cardEmbed(card, share, compact));
  const shown = { ...reply, cards };
  const components = cards.length === 1 ? [paperButtons(replyActions(shown).papers[0]!)] : paperMenus(shown);
  // A card sent unasked (a watch alert) says why above it: the heading in bold, then what changed.
  const why = reply.heading === undefined ? [] : [`**${safe(reply.heading, 300)}**`, ...(reply.lines ?? []).map((l) => safe(l, 300))];
  const content = [notesText(reply.notes), ...why].filter(Boolean).join('\n').slice(0, LIMITS.content);
  return payload({ content: content === '' ? undefined : content, embeds, components });
}

/**
 * Cards as a compact reply to a message that held paper links (the optional
 * Message Content mode): each card only its title, where it trended and its
 * links; the actions as in {@link renderReply}.
 */
export function renderCompactCards(reply: Extract<Reply, { kind: 'card' }>): DiscordPayload {
  return renderCards(reply, true);
}

/** One card's embed in at most `room` counted characters (title, description and footer); `compact`: no authors, TL;DR or counts. */
function cardEmbed(card: PaperCard, room: number, compact: boolean): APIEmbed {
  const title = safe(card.title, Math.min(LIMITS.embedTitle, Math.max(40, room >> 2)));
  const footer = `paper ${card.id}`;
  const left = Math.min(LIMITS.embedDescription, room - title.length - footer.length);
  const linked = compact ? undefined : linkedLine(card.linked);
  const authors = compact || card.authors === undefined ? '' : safe(card.authors, 200);
  const head = [placeLine(card), authors, linked ?? ''].filter(Boolean).join('\n');
  const links = linksLine(card, Math.max(0, Math.min(400, left - head.length - 2)));
  const tldrRoom = left - head.length - links.length - 4 - '**TL;DR** (AI summary by Hugging Face): '.length;
  const tldr = compact || card.tldr === undefined || tldrRoom < MIN_PART ? '' : `**TL;DR** (AI summary by Hugging Face): ${safe(card.tldr, Math.min(700, tldrRoom))}`;
  const description = [head, tldr, links].filter(Boolean).join('\n\n').slice(0, Math.max(0, left));
  const arxiv = card.links.find((l) => l.label === 'arXiv');
  return { title, ...(arxiv ? { url: arxiv.url } : {}), description, color: COLOR, footer: { text: footer } };
}

/**
 * Text as a code block (markdown and mentions are not parsed there). A zero-width
 * space after every backtick that another follows: no two touch, so no run of
 * them, of any length, can close the block (replacing "```" in one pass turned
 * "````" into a fence again, and what followed rendered as markdown, masked links included).
 */
function codeBlock(text: string, max: number): string {
  const body = text.replace(/`(?=`)/g, '`\u200b');
  const room = max - 14;
  return `\`\`\`bibtex\n${body.length <= room ? body : `${body.slice(0, room - 1)}\u2026`}\n\`\`\``;
}

/** The footer that marks a thread message as holding a paper's abstract (used to post it once). */
export function abstractMarker(paperId: string): string {
  return `abstract of paper ${paperId}`;
}

/**
 * A paper's abstract as thread messages: one embed per message, the text
 * split at sentence or word boundaries into descriptions of at most 4096
 * characters (after escaping), so nothing is cut.
 */
export function renderAbstractMessages(paper: PaperView): DiscordPayload[] {
  const body = stripControls(paper.abstract).trim() === '' ? 'The digest had no abstract for this paper.' : paper.abstract;
  const chunks = escapedChunks(body, LIMITS.embedDescription);
  return chunks.map((chunk, i) =>
    payload({
      embeds: [
        {
          ...(i === 0 ? { title: safe(`Abstract: ${paper.title}`, LIMITS.embedTitle) } : {}),
          description: chunk,
          color: COLOR,
          footer: { text: `${abstractMarker(paper.id)}${chunks.length > 1 ? ` · part ${i + 1} of ${chunks.length}` : ''}` },
        },
      ],
    }),
  );
}

/** Splits raw text into escaped chunks that each fit `max`, in one linear pass. */
function escapedChunks(text: string, max: number): string[] {
  return splitText(stripControls(text), max, discordCost).map(escapeDiscord);
}

/** Autocomplete choices: titles, at most 25, names and values of at most 100 characters. */
export function renderChoices(papers: { title: string }[]): { name: string; value: string }[] {
  return papers.slice(0, LIMITS.choices).map((p) => {
    const text = truncate(stripControls(p.title).replace(/\s+/g, ' ').trim(), LIMITS.choiceName) || 'untitled';
    return { name: text, value: text.replace(/\u2026$/, '').slice(0, LIMITS.choiceValue) };
  });
}

/** Total characters Discord counts against the 6000 embed limit. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
