import type { PaperSummary } from './reply.js';

/**
 * Where a paper trended, as every adapter shows it: "Apr 21, 2026 · #3 trending"
 * (plus "· in 2 digests" when it trended more than once). Plain text, no markup.
 */
export function placeLine(p: Pick<PaperSummary, 'date' | 'rank' | 'digestCount'>): string {
  const day = new Date(`${p.date}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  const more = p.digestCount > 1 ? ` · in ${p.digestCount} digests` : '';
  return `${day} · #${p.rank} trending${more}`;
}
