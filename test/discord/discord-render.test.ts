import { describe, expect, it } from 'vitest';
import { CUSTOM_ID, LIMITS, embedSize, queryFromFooter, renderAbstractMessages, renderChoices, renderReply, resultsFooter } from '../../adapters/discord/render.js';
import type { PaperSummary, PaperView } from '../../src/commands/reply.js';
import { WebUrlSchema } from '../../src/library/paper.js';
import { paperActionId, replyActions } from '../../src/conversation/actions.js';

const huge = `@everyone <@123> **x** ||y|| ${'word '.repeat(3000)}`;
// Link labels are the core's own words; the URL may come from the API (checked http(s), normalized, any path).
const hostileLink = { label: 'GitHub', url: WebUrlSchema.parse('https://evil.example/a)b(<@123>) [x](y) @everyone') };
const hit = (i: number): PaperSummary => ({ id: `0123456789a${i}`, title: huge, date: '2026-04-21', rank: i + 1, snippet: huge, digestCount: 2, arxivId: '2509.24006', authors: huge, upvotes: 12, links: [hostileLink, hostileLink] });
const view: PaperView = { ...hit(0), abstract: huge.repeat(3), tldr: huge, thumbnail: 'https://example.org/t.png' };

describe('Discord rendering', () => {
  it('keeps every embed, button and content limit for oversized hostile input', () => {
    const replies = [
      renderReply({ kind: 'results', query: huge, page: 2, pageCount: 10, pageSize: 5, total: 50, hits: [0, 1, 2, 3, 4].map(hit), notes: [huge] }),
      renderReply({ kind: 'today', date: '2026-04-21', hits: [0, 1, 2, 3, 4].map(hit), notes: [] }),
      renderReply({ kind: 'paper', heading: huge, paper: view, notes: [] }),
      renderReply({ kind: 'citation', paper: hit(0), bibtex: `@misc{x,\n  title = {${huge}\`\`\`}\n}`, notes: [huge] }),
      renderReply({ kind: 'no-results', query: huge, suggestions: [huge], notes: [huge] }),
      renderReply({ kind: 'info', title: huge, lines: [huge, huge], notes: [] }),
      renderReply({ kind: 'error', message: huge, notes: [] }),
    ];
    for (const p of replies) {
      expect(p.allowed_mentions).toEqual({ parse: [] });
      expect((p.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
      expect(p.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
      for (const e of p.embeds) {
        expect(embedSize(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
        expect((e.title ?? '').length).toBeLessThanOrEqual(LIMITS.embedTitle);
        expect((e.description ?? '').length).toBeLessThanOrEqual(LIMITS.embedDescription);
        for (const f of e.fields ?? []) {
          expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
          expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        }
      }
      expect(p.components.length).toBeLessThanOrEqual(LIMITS.rows);
      for (const row of p.components) {
        expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
        for (const b of row.components) expect(('custom_id' in b ? b.custom_id : '').length).toBeLessThanOrEqual(LIMITS.customId);
      }
      // The results footer keeps the raw query for the paging buttons; footers are plain text
      // Discord never parses for mentions or markdown, and so are code blocks (a BibTeX entry keeps its
      // text as written, to be copied). Everything else is escaped.
      const shown = JSON.stringify([p.content, p.embeds.map((e) => ({ ...e, footer: undefined }))]).replace(/```bibtex\\n[\s\S]*?\\n```/g, '');
      expect(shown).not.toMatch(/@everyone|<@123>/);
      // A code block is never closed early by the text inside it.
      for (const e of p.embeds) if (e.description?.startsWith('```')) expect(e.description.match(/```/g)).toHaveLength(2);
    }
  });

  it('offers Watch in the Save menu: five results and paging are five things to click in five rows at most', () => {
    const hits = [0, 1, 2, 3, 4].map((i) => ({ ...hit(i), title: `Paper ${i}` }));
    const p = renderReply({ kind: 'results', query: 'x', page: 1, pageCount: 3, pageSize: 5, total: 15, hits, notes: [] });
    expect(p.components.length).toBeLessThanOrEqual(LIMITS.rows);
    expect(p.components.flatMap((row) => row.components)).toHaveLength(5);
    const menus = p.components.flatMap((row) => row.components).filter((c) => 'placeholder' in c && 'options' in c) as { placeholder: string; options: { label: string; value: string }[] }[];
    expect(menus.map((m) => m.placeholder)).toEqual(['Abstract of…', 'Save or watch…', 'Cite, related…']);
    expect(menus[1]!.options.slice(0, 2)).toEqual([
      { label: 'Save: 1. Paper 0', value: 'save:0123456789a0' },
      { label: 'Watch: 1. Paper 0', value: 'watch:0123456789a0' },
    ]);
    // A list of ten is twenty options in each two-kind menu: within Discord's 25.
    const ten = renderReply({ kind: 'list', title: 'Ten', hits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ({ ...hit(i), title: `Paper ${i}` })), notes: [] });
    const options = ten.components.flatMap((row) => row.components).map((c) => ('options' in c ? c.options.length : 0));
    expect(options).toEqual([10, 20, 20]);
    expect(CUSTOM_ID.parse('watch:0123456789a0')).toEqual({ kind: 'watch', paperId: '0123456789a0' });
  });

  it('gives one paper (a post, a card) a button for each of the core’s actions, with the core’s ids', () => {
    const card = { ...hit(0), title: 'A paper' };
    for (const reply of [{ kind: 'paper' as const, heading: 'Paper of the day', paper: view, notes: [] }, { kind: 'card' as const, cards: [card], notes: [] }]) {
      const expected = replyActions(reply).papers[0]!.actions;
      const buttons = renderReply(reply).components.flatMap((r) => r.components);
      expect(buttons.map((b) => ('label' in b ? b.label : ''))).toEqual(['Abstract', 'Save', 'Cite', 'Related', 'Watch']);
      expect(buttons.map((b) => ('custom_id' in b ? b.custom_id : ''))).toEqual(expected.map((a) => a.id));
    }
  });

  it('escapes markdown so titles display as written', () => {
    const p = renderReply({ kind: 'results', query: 'x', page: 1, pageCount: 1, pageSize: 5, total: 1, hits: [{ ...hit(0), title: '**bold** ||spoiler|| _it_', snippet: '' }], notes: [] });
    expect(p.embeds[0]!.fields![0]!.name).toBe('1. \\*\\*bold\\*\\* \\|\\|spoiler\\|\\| \\_it\\_');
  });

  it('leaves no masked link or mention live, and keeps bare URLs as written', () => {
    const text = 'See [click here](https://evil.example) or <@123> and <#456>; code at https://github.com/a_b/c_d.';
    const p = renderReply({ kind: 'paper', heading: 'Paper', paper: { ...view, title: text, snippet: text }, notes: [] });
    const shown = p.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]);
    expect(p.embeds[0]!.title).toContain('\\[click here\\](https://evil.example)');
    // The bot's own "[Find on arXiv](...)" links are the only unescaped ones.
    for (const text of shown) expect(text.replace(/\[(Find on arXiv|Find on Hugging Face|GitHub)\]\(/g, '')).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/);
    expect(p.embeds[0]!.title).toContain('\\<@\u200b123\\>');
    expect(p.embeds[0]!.description).toContain('https://github.com/a_b/c_d.');
  });

  it('splits a long abstract over several thread messages, each within limits', () => {
    const parts = renderAbstractMessages(view);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(embedSize(part.embeds[0]!)).toBeLessThanOrEqual(LIMITS.embedTotal);
  });

  it('round-trips button ids and the query in the results footer', () => {
    expect(CUSTOM_ID.parse(paperActionId('abstract', '0123456789ab'))).toEqual({ kind: 'abstract', paperId: '0123456789ab' });
    expect(CUSTOM_ID.parse(CUSTOM_ID.page(3))).toEqual({ kind: 'page', page: 3 });
    expect(CUSTOM_ID.parse('abs:../../etc')).toBeUndefined();
    expect(queryFromFooter(resultsFooter('sparse · autoencoders', 2, 4))).toBe('sparse · autoencoders');
    expect(queryFromFooter('something else')).toBeUndefined();
  });

  it('makes at most 25 autocomplete choices of 1 to 100 characters', () => {
    const choices = renderChoices(Array.from({ length: 40 }, () => ({ title: huge })));
    expect(choices).toHaveLength(25);
    expect(choices.every((c) => c.name.length >= 1 && c.name.length <= 100 && c.value.length <= 100)).toBe(true);
  });
});
