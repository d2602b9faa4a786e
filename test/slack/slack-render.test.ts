import { describe, expect, it } from 'vitest';
import { LIMITS, renderAbstractMessages, renderReply } from '../../adapters/slack/render.js';
import { escapeMrkdwn } from '../../adapters/slack/mrkdwn.js';
import type { PaperView } from '../../src/commands/reply.js';

const paper = (over: Partial<PaperView> = {}): PaperView => ({
  id: '0123456789ab',
  title: 'A Title',
  date: '2026-04-21',
  rank: 1,
  snippet: 'A snippet.',
  digestCount: 1,
  abstract: 'An abstract.',
  links: [
    { label: 'Find on arXiv', url: 'https://arxiv.org/search/?query=A%20Title&searchtype=title' },
    { label: 'Find on Hugging Face', url: 'https://huggingface.co/papers?q=A%20Title' },
  ],
  ...over,
});

describe('a single paper with live-source data', () => {
  it('shows authors, upvotes, the TL;DR, real links and the thumbnail as the image accessory', () => {
    const msg = renderReply({
      kind: 'paper',
      heading: 'Paper',
      notes: [],
      paper: paper({
        arxivId: '2511.04567',
        authors: 'Ada Lovelace, Grace Hopper, Émile Zola et al.',
        upvotes: 87,
        tldr: 'Faster <!channel> video.',
        thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2511.04567.png',
        links: [
          { label: 'arXiv', url: 'https://arxiv.org/abs/2511.04567' },
          { label: 'GitHub', url: 'https://github.com/x/y|<!channel>' },
        ],
      }),
    });
    const main = msg.blocks.find((b) => b.type === 'section') as { text: { text: string }; accessory: { type: string; image_url: string } };
    expect(main.accessory).toMatchObject({ type: 'image', image_url: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2511.04567.png' });
    expect(main.text.text).toContain('#1 trending · 87 upvotes');
    expect(main.text.text).toContain('Ada Lovelace, Grace Hopper, Émile Zola et al.');
    expect(main.text.text).toContain('*TL;DR* (AI summary by Hugging Face): Faster &lt;!channel&gt; video.');
    expect(main.text.text).toContain('<https://arxiv.org/abs/2511.04567|arXiv> · <https://github.com/x/y%7C%3C!channel%3E|GitHub>');
    const actions = msg.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
    expect(actions.elements.map((e) => [e.action_id, e.value])).toEqual([['paper_1_abstract', 'abs:0123456789ab'], ['paper_1_save', 'save:0123456789ab'], ['paper_1_cite', 'cite:0123456789ab'], ['paper_1_related', 'rel:0123456789ab'], ['paper_1_watch', 'watch:0123456789ab']]);
  });
});

function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allText);
  // Button values are data handed back to the bot, never displayed; plain_text is never parsed for mentions.
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'plain_text') return [];
  if (value && typeof value === 'object') return Object.entries(value).filter(([k]) => k !== 'value').flatMap(([, v]) => allText(v));
  return [];
}

describe('Slack rendering', () => {
  it('escapes only what Slack parses, so mentions and links cannot be injected', () => {
    expect(escapeMrkdwn('<!channel> <@U1> a & b <http://x|y>')).toBe('&lt;!channel&gt; &lt;@U1&gt; a &amp; b &lt;http://x|y&gt;');
    expect(escapeMrkdwn('*bold* _it_').replace(/\u200b/g, '')).toBe('*bold* _it_');
    expect(escapeMrkdwn('*bold*')).not.toBe('*bold*');
  });

  it('keeps every limit for hostile, oversized input', () => {
    const huge = `<!everyone> ${'&<>*'.repeat(3000)}`;
    const hits = Array.from({ length: 5 }, (_, i) => ({ ...paper({ id: `0123456789a${i}`, title: huge, snippet: huge }) }));
    for (const reply of [
      { kind: 'results' as const, query: huge, page: 1, pageCount: 3, pageSize: 5, total: 50, hits, notes: [huge] },
      { kind: 'paper' as const, heading: huge, paper: paper({ title: huge, snippet: huge, abstract: huge }), notes: [] },
      { kind: 'info' as const, title: huge, lines: [huge, huge], notes: [] },
      { kind: 'no-results' as const, query: huge, suggestions: [huge], notes: [] },
      { kind: 'error' as const, message: huge, notes: [] },
    ]) {
      const msg = renderReply(reply);
      expect(msg.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
      expect(msg.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
      expect(allText(msg).join(' ')).not.toContain('<!everyone>');
      for (const b of msg.blocks as { type: string; text?: { text: string }; accessory?: { value?: string; action_id: string; options?: { text: { text: string }; value: string }[] } }[]) {
        if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.header);
        if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        if (b.accessory?.value !== undefined) expect(b.accessory.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
        // An overflow menu: 2 to 5 options, each text at most 75 characters and value at most 150.
        for (const o of b.accessory?.options ?? []) expect([o.text.text.length <= LIMITS.optionText, o.value.length <= LIMITS.optionValue]).toEqual([true, true]);
        if (b.accessory?.options) expect(b.accessory.options.length).toBeGreaterThanOrEqual(2);
        if (b.accessory?.options) expect(b.accessory.options.length).toBeLessThanOrEqual(5);
      }
      const actionIds = allText(msg.blocks.map((b) => ('accessory' in b ? (b.accessory as { action_id?: string })?.action_id : undefined)));
      expect(new Set(actionIds).size).toBe(actionIds.length);
    }
  });

  it('splits a 200 kB abstract over several messages of at most 50 blocks, losing nothing', () => {
    const abstract = 'Sentence with <tags> & more. '.repeat(7000);
    const messages = renderAbstractMessages(paper({ abstract }));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(50);
    const body = messages.flatMap((m) => m.blocks).slice(1).map((b) => (b as { text: { text: string } }).text.text);
    expect(body.every((t) => t.length <= 3000)).toBe(true);
    expect(body.join(' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(abstract.trim());
  });

  it('splits an abstract made only of characters that escaping grows, without throwing or losing any', () => {
    // Escaping doubles * _ ~ ` and quadruples < >: the old splitter shrank its limit to 0 and threw.
    const abstract = '*_~`|>@&'.repeat(20_000);
    const messages = renderAbstractMessages(paper({ abstract }));
    const body = messages.flatMap((m) => m.blocks).slice(1).map((b) => (b as { text: { text: string } }).text.text);
    expect(body.every((t) => t.length <= LIMITS.sectionText)).toBe(true);
    const unescaped = body.join('').replace(/\u200b/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(unescaped).toBe(abstract);
  });

  it('says when a paper has no abstract', () => {
    expect(JSON.stringify(renderAbstractMessages(paper({ abstract: '' })))).toContain('no abstract');
  });
});
