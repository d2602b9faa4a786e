import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS as DISCORD, embedSize, renderAbstractMessages as discordAbstract, renderChoices, renderCompactCards, renderReply as renderDiscord, type DiscordPayload } from '../../adapters/discord/render.js';
import { LIMITS as SLACK, renderAbstractMessages as slackAbstract, renderReply as renderSlack, renderUnfurls, type SlackMessage } from '../../adapters/slack/render.js';
import { renderText, wrap } from '../../adapters/console/render-text.js';
import { discordCost, escapeDiscord } from '../../adapters/discord/markdown.js';
import { escapeMrkdwn, mrkdwnCost } from '../../adapters/slack/mrkdwn.js';
import { splitText, truncate } from '../../src/commands/split-text.js';
import type { PaperSummary, PaperView, Reply } from '../../src/commands/reply.js';
import { wellFormed } from '../../src/text/unicode-controls.js';
import { WebUrlSchema } from '../../src/library/paper.js';
import { hostileText } from './arbitraries.js';

// The Slack and Discord renderers, on any reply the core could give with any
// text in it: every platform limit holds, no text from a digest or a user
// becomes a live mention or link.

const id = fc.stringMatching(/^[0-9a-f]{12}$/);
const text = hostileText();
// Links: the core's title searches, or the API's own URLs (zod-checked http(s), but any path, hostile included).
const apiUrl = fc
  .oneof(fc.webUrl(), fc.constantFrom('https://evil.example/a)b(<@123>) [x](y) @everyone', 'https://x.org/|<!channel>|`*_~', 'http://h/\u202e'))
  .map((u) => WebUrlSchema.parse(u));
// Labels are the core's own words; URLs may come from the API.
const label = fc.constantFrom('arXiv', 'PDF', 'Hugging Face', 'GitHub', 'Project page');
const links = fc.oneof(
  text.map(wellFormed).map((t) => [
    { label: 'Find on arXiv', url: `https://arxiv.org/search/?query=${encodeURIComponent(t)}&searchtype=title` },
    { label: 'Find on Hugging Face', url: `https://huggingface.co/papers?q=${encodeURIComponent(t)}` },
  ]),
  fc.array(fc.record({ label, url: apiUrl }), { maxLength: 5 }),
);
const summary: fc.Arbitrary<PaperSummary> = fc.record(
  {
    id,
    title: text,
    date: fc.constant('2026-04-21'),
    rank: fc.integer({ min: 1, max: 500 }),
    snippet: text,
    digestCount: fc.integer({ min: 1, max: 9 }),
    arxivId: fc.constantFrom('2509.24006', '2405.08366'),
    authors: text,
    upvotes: fc.integer({ min: 0, max: 100_000 }),
    links,
  },
  { requiredKeys: ['id', 'title', 'date', 'rank', 'snippet', 'digestCount', 'links'] },
);
const view: fc.Arbitrary<PaperView> = fc.record({
  id,
  title: text,
  date: fc.constant('2026-04-21'),
  rank: fc.integer({ min: 1, max: 500 }),
  snippet: text,
  digestCount: fc.integer({ min: 1, max: 9 }),
  abstract: hostileText(120),
  links,
  tldr: text,
  thumbnail: apiUrl,
  authors: text,
  upvotes: fc.integer({ min: 0, max: 100_000 }),
});
const count = fc.integer({ min: 0, max: 100_000 });
// A card: a summary (a looked-up one has no rank) with its TL;DR, the link it answers and the Hub's counts.
const card = fc.record(
  {
    id,
    title: text,
    date: fc.constant('2026-04-21'),
    rank: fc.integer({ min: 1, max: 500 }),
    snippet: text,
    digestCount: fc.integer({ min: 1, max: 9 }),
    arxivId: fc.constantFrom('2509.24006', '2405.08366'),
    authors: text,
    upvotes: count,
    links,
    tldr: text,
    asked: apiUrl,
    linked: fc.record({ models: count, datasets: count, spaces: count }, { requiredKeys: [] }),
  },
  { requiredKeys: ['id', 'title', 'date', 'snippet', 'digestCount', 'links'] },
);
const notes = fc.array(text, { maxLength: 3 });
const reply: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({ kind: fc.constant('results' as const), query: text, page: fc.integer({ min: 1, max: 10 }), pageCount: fc.integer({ min: 1, max: 10 }), pageSize: fc.constant(5), total: fc.integer({ min: 0, max: 5000 }), hits: fc.array(summary, { maxLength: 5 }), notes }),
  fc.record({ kind: fc.constant('today' as const), date: fc.constant('2026-04-21'), hits: fc.array(summary, { maxLength: 5 }), notes }),
  fc.record({ kind: fc.constant('paper' as const), heading: text, paper: view, notes }),
  fc.record({ kind: fc.constant('abstract' as const), paper: view, notes }),
  fc.record({ kind: fc.constant('card' as const), cards: fc.array(card, { minLength: 1, maxLength: 10 }), notes }),
  fc.record({ kind: fc.constant('list' as const), title: text, hits: fc.array(summary, { maxLength: 12 }), more: text, notes }),
  fc.record({ kind: fc.constant('citation' as const), paper: summary, bibtex: text, notes }),
  fc.record({ kind: fc.constant('no-results' as const), query: text, suggestions: fc.array(text, { maxLength: 3 }), notes }),
  fc.record({ kind: fc.constant('info' as const), title: text, lines: fc.array(text, { maxLength: 6 }), notes }),
  fc.record({ kind: fc.constant('refused' as const), message: text, notes }),
  fc.record({ kind: fc.constant('error' as const), message: text, notes }),
);

/** Every string Slack shows as mrkdwn or text (plain_text is never parsed; button values are never shown). */
function slackShown(message: SlackMessage): string[] {
  const out: string[] = [message.text];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      for (const [k, child] of Object.entries(o)) if (k !== 'value') walk(child);
    }
  };
  walk(message.blocks);
  return out;
}

function checkSlack(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK.blocks);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SLACK.fallbackText);
  const actionIds: string[] = [];
  for (const b of message.blocks as { type: string; text?: { type: string; text: string }; elements?: { text?: string; value?: string; action_id?: string }[]; accessory?: { type?: string; value: string; action_id: string; text: { text: string }; image_url?: string; alt_text?: string; options?: { text: { text: string }; value: string }[] }; block_id?: string }[]) {
    if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(SLACK.header);
    if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK.sectionText);
    if (b.text?.type === 'mrkdwn') expect(b.text.text.length).toBeGreaterThan(0);
    for (const e of b.elements ?? []) {
      if (e.text !== undefined && typeof e.text === 'string') expect(e.text.length).toBeLessThanOrEqual(SLACK.sectionText);
      if (e.value !== undefined) expect(e.value.length).toBeLessThanOrEqual(SLACK.buttonValue);
      if (e.action_id) actionIds.push(e.action_id);
    }
    if (b.accessory?.type === 'image') {
      expect(b.accessory.image_url!.length).toBeLessThanOrEqual(3000);
      expect(b.accessory.alt_text!.length).toBeGreaterThan(0);
      expect(b.accessory.alt_text!.length).toBeLessThanOrEqual(2000);
    } else if (b.accessory?.type === 'overflow') {
      // An overflow menu: 2 to 5 options, texts of at most 75 characters and values of at most 150.
      const options = b.accessory.options!;
      expect(options.length).toBeGreaterThanOrEqual(2);
      expect(options.length).toBeLessThanOrEqual(5);
      for (const o of options) expect([o.text.text.length <= 75, o.value.length <= 150]).toEqual([true, true]);
      actionIds.push(b.accessory.action_id);
    } else if (b.accessory) {
      expect(b.accessory.value.length).toBeLessThanOrEqual(SLACK.buttonValue);
      expect(b.accessory.text.text.length).toBeLessThanOrEqual(SLACK.buttonText);
      actionIds.push(b.accessory.action_id);
    }
    if (b.block_id) expect(b.block_id.length).toBeLessThanOrEqual(255);
  }
  expect(new Set(actionIds).size).toBe(actionIds.length);
  // Compact: five results carry at most seven things to click (a menu each, one More button).
  if (message.blocks.filter((b) => b.type === 'section' && 'accessory' in b).length <= 5) expect(actionIds.length).toBeLessThanOrEqual(7);
  // Slack rejects a text object with empty text.
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') texts.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(message.blocks);
  for (const t of texts) expect(t.trim().length).toBeGreaterThan(0);
  for (const shown of slackShown(message)) {
    // The only "<" Slack may see is a link the bot built: <https://arxiv.org/...|Find on arXiv>.
    const own = shown.replace(/<https?:\/\/[^<>|\s]*\|(?:Find on arXiv|Find on Hugging Face|arXiv|PDF|Hugging Face|GitHub|Project page)>/g, '');
    expect(own).not.toContain('<');
    expect(own).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0000-\u0008\u001b]/);
  }
}

function checkDiscord(p: DiscordPayload): void {
  expect(p.allowed_mentions).toEqual({ parse: [] });
  // Discord rejects a message with neither content nor embeds.
  expect((p.content ?? '').trim().length > 0 || p.embeds.length > 0).toBe(true);
  expect((p.content ?? '').length).toBeLessThanOrEqual(DISCORD.content);
  expect(p.embeds.length).toBeLessThanOrEqual(DISCORD.embeds);
  expect(p.embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(DISCORD.embedTotal);
  const shown: string[] = [p.content ?? ''];
  for (const e of p.embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(DISCORD.embedTitle);
    expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD.embedDescription);
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(DISCORD.footer);
    expect((e.author?.name ?? '').length).toBeLessThanOrEqual(256);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(DISCORD.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD.fieldValue);
      shown.push(f.name, f.value);
    }
    // Footers and author names are plain text: Discord parses neither markdown nor mentions there.
    shown.push(e.title ?? '', e.description ?? '');
  }
  expect(p.components.length).toBeLessThanOrEqual(DISCORD.rows);
  for (const row of p.components) {
    expect(row.components.length).toBeLessThanOrEqual(DISCORD.buttonsPerRow);
    for (const b of row.components) {
      expect('custom_id' in b ? b.custom_id.length : 1).toBeLessThanOrEqual(DISCORD.customId);
      expect(('label' in b ? (b.label ?? '') : '').length).toBeLessThanOrEqual(80);
    }
  }
  for (const e of p.embeds) {
    // A BibTeX code block is one block: nothing in it can close it early.
    if (e.description?.startsWith('```')) expect(e.description.match(/```/g)).toHaveLength(2);
  }
  for (const s of shown) {
    // Inside a code block Discord renders text as written, mentions included, and pings no one
    // (allowed_mentions is empty besides): a citation keeps its text exact, to be copied.
    const own = s.replace(/^```bibtex\n[\s\S]*\n```$/, '').replace(/\[(?:Find on arXiv|Find on Hugging Face|arXiv|PDF|Hugging Face|GitHub|Project page)\]\(https?:\/\/[^\s()[\]<>@]*\)/g, '');
    // No mention or channel syntax and no masked link unless escaped, and no bare @everyone.
    expect(own).not.toMatch(/(^|[^\\])(?:\\\\)*<[@#/:at!&]/);
    expect(own).not.toMatch(/(^|[^\\])(?:\\\\)*\[[^\]]*(?<!\\)\]\(/);
    expect(own).not.toMatch(/@(everyone|here)/);
    expect(own).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0000-\u0008\u001b]/);
  }
}

describe('the renderers, on any reply', () => {
  it('Slack: keeps every Block Kit limit and lets no mention or link through', () => {
    fc.assert(
      fc.property(reply, (r) => {
        checkSlack(renderSlack(r));
        if (r.kind === 'abstract' || r.kind === 'paper') for (const m of slackAbstract(r.paper)) checkSlack(m);
        // Each card's unfurl is an attachment of blocks under the same limits (its text is Slack's: the link).
        if (r.kind === 'card') for (const u of Object.values(renderUnfurls(r))) checkSlack({ text: 'link', blocks: u.blocks });
      }),
      { numRuns: 400 },
    );
  });

  it('Discord: keeps every embed, content and component limit and lets no mention or link through', () => {
    fc.assert(
      fc.property(reply, (r) => {
        checkDiscord(renderDiscord(r));
        if (r.kind === 'abstract' || r.kind === 'paper') for (const m of discordAbstract(r.paper)) checkDiscord(m);
        if (r.kind === 'card') checkDiscord(renderCompactCards(r));
      }),
      { numRuns: 400 },
    );
  });

  it('Discord autocomplete: at most 25 choices of 1 to 100 characters, whatever the titles', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), (titles) => {
        const choices = renderChoices(titles.map((title) => ({ title })));
        expect(choices.length).toBeLessThanOrEqual(DISCORD.choices);
        for (const c of choices) {
          expect(c.name.length).toBeGreaterThanOrEqual(1);
          expect(c.name.length).toBeLessThanOrEqual(DISCORD.choiceName);
          expect(c.value.length).toBeLessThanOrEqual(DISCORD.choiceValue);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** The masked links a Discord text holds that are open: a "[label](" with no ")" after its URL. */
function brokenLinks(s: string): string[] {
  return [...s.matchAll(/(?<!\\)\[[^\]\n]*\]\(([^)\s]*)(?=\s|$)/g)].map((m) => m[0]);
}

describe('Discord: a field shortened to fit the embed', () => {
  // Found by the property above (seed -1611104368, run 41): a list of long hits made fitEmbed cut a
  // field value inside "[Find on arXiv](https://arxiv.org/search/?query=...", leaving the link open.
  const longHit = (i: number): PaperSummary => {
    const words = `${'Sparse autoencoders '.repeat(3)}${i}`;
    return {
      id: `0123456789${String(i).padStart(2, '0')}`,
      title: words,
      date: '2026-04-21',
      rank: i + 1,
      snippet: 'word '.repeat(200),
      digestCount: 1,
      arxivId: '2509.24006',
      authors: 'An Author, '.repeat(40),
      links: [
        { label: 'Find on arXiv', url: `https://arxiv.org/search/?query=${encodeURIComponent(words)}&searchtype=title` },
        { label: 'Find on Hugging Face', url: `https://huggingface.co/papers?q=${encodeURIComponent(words)}` },
      ],
    };
  };

  it('keeps every link whole or drops it, and still fits the 6000-character embed', () => {
    const hits = Array.from({ length: 10 }, (_, i) => longHit(i));
    const p = renderDiscord({ kind: 'list', title: 'Papers', hits, more: 'more', notes: [] });
    checkDiscord(p);
    const values = p.embeds.flatMap((e) => e.fields ?? []).map((f) => f.value);
    expect(values).toHaveLength(10);
    for (const v of values) expect(brokenLinks(v)).toEqual([]);
    // Shortening takes the snippet first: the links and the place line stay.
    expect(values.filter((v) => v.includes('[Find on arXiv](https://arxiv.org/search/?query=')).length).toBeGreaterThan(0);
    for (const v of values) expect(v).toMatch(/^Apr 21, 2026 · #\d+ trending/);
  });

  it('never leaves a link open, whatever the hits', () => {
    fc.assert(
      fc.property(fc.array(summary, { minLength: 6, maxLength: 12 }), (hits) => {
        const p = renderDiscord({ kind: 'list', title: 'Papers', hits, more: 'more', notes: [] });
        for (const f of p.embeds.flatMap((e) => e.fields ?? [])) expect(brokenLinks(f.value)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('a citation code block, whatever backticks the BibTeX holds', () => {
  // Text with runs of 1 to 12 backticks, a masked link and hostile text around them: a title with
  // "````" once closed the block early (three were replaced in one pass, four became a fence again).
  const ticks = fc.integer({ min: 1, max: 12 }).map((n) => '`'.repeat(n));
  const bibtexWithTicks = fc
    .array(fc.oneof(ticks, fc.constant('[click here](https://evil.example)'), fc.constant('\n'), hostileText(4)), { minLength: 1, maxLength: 20 })
    .map((parts) => `@article{x,\n  title = {${parts.join('')}},\n}`);
  const citation = (bibtex: string): Reply => ({
    kind: 'citation',
    paper: { id: '0123456789ab', title: 'T', date: '2026-04-21', rank: 1, snippet: '', digestCount: 1, links: [] },
    bibtex,
    notes: [],
  });
  /** Where the first fence after the opening one is: Discord and Slack end the block there. */
  const blockEnd = (text: string, opening: string) => text.indexOf('```', opening.length);

  it('Discord: the block ends only at its own closing fence, so no link after it goes live', () => {
    const check = (bibtex: string) => {
      const d = renderDiscord(citation(bibtex)).embeds[0]!.description!;
      expect(d.startsWith('```bibtex\n')).toBe(true);
      expect(blockEnd(d, '```bibtex\n')).toBe(d.length - 3);
      // No two backticks touch inside: no run of them can be read as a fence or as inline code.
      expect(d.slice('```bibtex\n'.length, -3)).not.toContain('``');
    };
    check('@article{x,\n  title = {A ```` B [click here](https://evil.example)},\n}');
    fc.assert(fc.property(bibtexWithTicks, check), { numRuns: 300 });
  });

  it('Slack: the block ends only at its own closing fence', () => {
    const check = (bibtex: string) => {
      const section = renderSlack(citation(bibtex)).blocks.find((b) => b.type === 'section') as { text: { text: string } };
      const t = section.text.text;
      expect(t.startsWith('```\n')).toBe(true);
      expect(blockEnd(t, '```\n')).toBe(t.length - 3);
      expect(t.slice(4, -3)).not.toContain('``');
    };
    check('@article{x,\n  title = {A ```` B [click here](https://evil.example)},\n}');
    fc.assert(fc.property(bibtexWithTicks, check), { numRuns: 300 });
  });
});

describe('the console, at any width', () => {
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  it('wraps every line to the width, at spaces only: the words are those of the unwrapped text', () => {
    fc.assert(
      fc.property(reply, fc.integer({ min: 20, max: 160 }), (r, width) => {
        const text = renderText(r, width);
        for (const l of text.split('\n')) {
          // Over the width only when the line is one word after its indent or list number (a URL is never cut).
          if (l.length > width) expect(l.trim().replace(/^\d+\. /, '')).not.toMatch(/\s/);
        }
        expect(words(text)).toEqual(words(renderText(r, 100_000)));
      }),
      { numRuns: 300 },
    );
  });
});
