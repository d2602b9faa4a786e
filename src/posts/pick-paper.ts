import type { PaperLibrary, RankedPaper } from '../library/library.js';

/** The paper a channel gets next, with the digest day it comes from. */
export interface NextPaper extends RankedPaper {
  day: string;
}

/**
 * The highest-ranked paper of the newest digest that the channel has not
 * been sent; when the newest digest is used up, the next digest back;
 * undefined when every paper has been sent.
 */
export function nextPaper(library: PaperLibrary, sent: ReadonlySet<string>): NextPaper | undefined {
  for (const day of library.days()) {
    const pick = library.papersOn(day).find((r) => !sent.has(r.paper.id));
    if (pick) return { ...pick, day };
  }
  return undefined;
}
