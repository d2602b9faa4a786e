import type { PaperLibrary } from '../library/library.js';
import type { Paper } from '../library/paper.js';
import type { SignalStore } from '../store/store.js';

/**
 * A person's reading list as `/paper saved` shows and numbers it: newest save
 * first, only papers this library still holds (`gone` counts the others).
 * `/paper unsave N` reads N in this numbering, so the two always agree.
 */
export async function readingList(store: SignalStore, person: string, library: PaperLibrary): Promise<{ papers: Paper[]; gone: number }> {
  const saves = await store.listSaves(person);
  const papers = saves.map((s) => library.get(s.paperId)).filter((p): p is Paper => p !== undefined);
  return { papers, gone: saves.length - papers.length };
}
