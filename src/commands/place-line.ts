import type { LinkedCounts, PaperSummary } from './reply.js';

// One formatter for every call: toLocaleDateString with options builds a new Intl.DateTimeFormat
// each time (~0.1 ms), and a results page calls this five times; it was the largest single cost
// per command in a profile of the Slack load test.
const DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/**
 * Where a paper trended, as every adapter shows it: "Apr 21, 2026 · #3 trending"
 * (plus "· 124 upvotes" when known, and "· listed on 2 days" when it trended
 * more than once). A paper only looked up has no rank: "Apr 21, 2026 · 124
 * upvotes". Plain text, no markup.
 */
export function placeLine(p: Pick<PaperSummary, 'date' | 'rank' | 'digestCount' | 'upvotes'>): string {
  const day = DAY.format(new Date(`${p.date}T00:00:00Z`));
  const votes = p.upvotes === undefined ? '' : ` · ${p.upvotes.toLocaleString('en-US')} ${p.upvotes === 1 ? 'upvote' : 'upvotes'}`;
  const more = p.digestCount > 1 ? ` · listed on ${p.digestCount} days` : '';
  const rank = p.rank === undefined ? '' : ` · #${p.rank} trending`;
  return `${day}${rank}${votes}${more}`;
}

/**
 * What the Hub links to a paper, as every adapter shows it: "Linked on
 * Hugging Face: 3 models · 1 dataset · 2 Spaces"; only the counts known;
 * undefined when none is. Plain text, no markup.
 */
export function linkedLine(linked: LinkedCounts | undefined): string | undefined {
  if (!linked) return undefined;
  const part = (n: number | undefined, one: string, many: string) => (n === undefined ? [] : [`${n.toLocaleString('en-US')} ${n === 1 ? one : many}`]);
  const parts = [...part(linked.models, 'model', 'models'), ...part(linked.datasets, 'dataset', 'datasets'), ...part(linked.spaces, 'Space', 'Spaces')];
  return parts.length === 0 ? undefined : `Linked on Hugging Face: ${parts.join(' · ')}`;
}
