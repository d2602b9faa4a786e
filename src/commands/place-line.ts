import type { PaperSummary } from './reply.js';

/**
 * Where a paper trended, as every adapter shows it: "Apr 21, 2026 · #3 trending"
 * (plus "· 124 upvotes" when known, and "· in 2 digests" when it trended more
 * than once). Plain text, no markup.
 */
export function placeLine(p: Pick<PaperSummary, 'date' | 'rank' | 'digestCount' | 'upvotes'>): string {
  const day = new Date(`${p.date}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  const votes = p.upvotes === undefined ? '' : ` · ${p.upvotes.toLocaleString('en-US')} ${p.upvotes === 1 ? 'upvote' : 'upvotes'}`;
  const more = p.digestCount > 1 ? ` · listed on ${p.digestCount} days` : '';
  return `${day} · #${p.rank} trending${votes}${more}`;
}
