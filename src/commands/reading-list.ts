import type { Paper } from '../library/paper.js';
import type { SignalStore } from '../store/store.js';
import type { BotDeps } from './command-module.js';

/**
 * A person's reading list as `/paper saved` shows and numbers it: newest save
 * first, only papers this library holds (`gone` counts the others). A paper
 * saved from a pasted link's card, looked up before a restart or by another
 * replica, is read back from the store first. `/paper unsave N` reads N in
 * this numbering, so the two always agree.
 */
export async function readingList(store: SignalStore, person: string, deps: Pick<BotDeps, 'library' | 'papers'>): Promise<{ papers: Paper[]; gone: number }> {
  const saves = await store.listSaves(person);
  await deps.papers.restore(saves.map((s) => s.paperId));
  const papers = saves.map((s) => deps.library.get(s.paperId)).filter((p): p is Paper => p !== undefined);
  return { papers, gone: saves.length - papers.length };
}
