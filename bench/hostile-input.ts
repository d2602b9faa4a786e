// `npm run bench:hostile`: how long paperbot takes on hostile input of 1 MB,
// the shapes that once took seconds or crashed: parsing a digest, and
// rendering one abstract for Discord, Slack and the console. Best of 5 runs
// each (the machine is shared; noise only ever adds time). The renderers get
// the abstract uncut, as a paper from any source could carry it; the digest
// parser itself keeps at most 20,000 characters of an abstract.

import { renderText } from '../adapters/console/render-text.js';
import { renderAbstractMessages as discordAbstract } from '../adapters/discord/render.js';
import { renderAbstractMessages as slackAbstract } from '../adapters/slack/render.js';
import type { PaperView } from '../src/commands/reply.js';
import { parseDigest } from '../src/sources/digest/parse-digest.js';
import { ms } from './stats.js';
import { growthRatio } from './growth.js';
import { discordCost, escapeDiscord } from '../adapters/discord/markdown.js';
import { escapeMrkdwn, mrkdwnCost } from '../adapters/slack/mrkdwn.js';
import { wrap } from '../adapters/console/render-text.js';
import { splitText, truncate } from '../src/commands/split-text.js';

const SIZE = Number(process.env.HOSTILE_BYTES ?? 1_000_000);
const SHAPES: Record<string, string> = {
  'prose (sentences)': 'We study a problem in depth, e.g. with Smith et al. It works. ',
  'one word, no spaces': 'a',
  'markup only': '*_~`|>@&<[]',
  'short words': 'word ',
  'blank-line paragraphs': 'x\n\n',
  'mentions and links': '<!channel> @everyone [x](https://evil.example) <@123> ',
  'control and bidi': 'a\u0000\u202e\u2066b ',
};

function best(fn: () => unknown, runs = 5): number {
  fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

const rows: string[][] = [['shape (1 MB)', 'parse digest', 'Discord abstract', 'Slack abstract', 'console abstract', 'Discord / Slack messages']];
for (const [name, unit] of Object.entries(SHAPES)) {
  const text = unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
  const digest = `Apr 21\n\nA Title\n\n${text}\n`;
  const paper: PaperView = {
    id: '0123456789ab', title: 'A Title', date: '2026-04-21', rank: 1, snippet: '', digestCount: 1, abstract: text,
    links: [{ label: 'Find on arXiv', url: 'https://arxiv.org/search/?query=A%20Title' }, { label: 'Find on Hugging Face', url: 'https://huggingface.co/papers?q=A%20Title' }],
  };
  rows.push([
    name,
    ms(best(() => parseDigest(digest, { fileName: 'bench.txt', now: new Date() }))),
    ms(best(() => discordAbstract(paper))),
    ms(best(() => slackAbstract(paper))),
    ms(best(() => renderText({ kind: 'abstract', paper, notes: [] }))),
    `${discordAbstract(paper).length} / ${slackAbstract(paper).length}`,
  ]);
}

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
const line = (r: string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
console.log(line(rows[0]!));
console.log(`|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));

// Growth: every step should be linear in its input. The ratio of the best time at 8 times the input to
// the best at 1 times: linear work gives about 8, quadratic about 64. Measured here, not asserted in
// tests: a ratio of wall-clock times is a timing measurement, and a busy machine skews it.
const base = Math.max(8_000, Math.floor(SIZE / 8));
const paperOf = (abstract: string): PaperView => ({
  id: '0123456789ab', title: 'T', date: '2026-04-21', rank: 1, snippet: '', digestCount: 1, abstract,
  links: [{ label: 'Find on arXiv', url: 'https://arxiv.org/search/?query=T' }],
});
const steps: [string, (t: string) => unknown][] = [
  ['parse digest', (t) => parseDigest(`Apr 21\n\nA Title\n\n${t}\n`, { fileName: 'bench.txt', now: new Date() })],
  ['Discord abstract', (t) => discordAbstract(paperOf(t))],
  ['Slack abstract', (t) => slackAbstract(paperOf(t))],
  ['console abstract', (t) => renderText({ kind: 'abstract', paper: paperOf(t), notes: [] })],
  ['escape Discord', escapeDiscord],
  ['escape mrkdwn', escapeMrkdwn],
  ['split (Discord cost)', (t) => splitText(t, Math.ceil(t.length / 3), discordCost)],
  ['truncate (mrkdwn cost)', (t) => truncate(t, Math.ceil(t.length / 2), mrkdwnCost)],
  ['console wrap', (t) => wrap(t, '    ')],
];
const growth: string[][] = [['shape: time at 8x / 1x', ...steps.map(([n]) => n)]];
for (const [name, unit] of Object.entries(SHAPES)) {
  const make = (k: number) => unit.repeat(Math.ceil((k * base) / unit.length));
  growth.push([name, ...steps.map(([, work]) => `${growthRatio(make, work).toFixed(1)}x`)]);
}
console.log(`\nGrowth from ${base.toLocaleString('en-US')} to ${(8 * base).toLocaleString('en-US')} characters (linear: about 8x; quadratic: about 64x):`);
const gw = growth[0]!.map((_, c) => Math.max(...growth.map((r) => r[c]!.length)));
const gline = (r: string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(gw[c]!) : cell.padStart(gw[c]!))).join(' | ')} |`;
console.log(gline(growth[0]!));
console.log(`|${gw.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const r of growth.slice(1)) console.log(gline(r));
