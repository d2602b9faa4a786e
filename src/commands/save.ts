import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { parsePaperRef, resolvePaperRef } from './paper-ref.js';
import { readingList } from './reading-list.js';
import { signalOwner } from './signal-keys.js';

const SAVE_USAGE = '/paper save <result N | paper id | arXiv id>';
const UNSAVE_USAGE = '/paper unsave <result N | paper id | all>';

/** How a quoted argument reads in an answer: cut when long. */
function quoted(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * `/paper save <result N | paper id | arXiv id>`: onto your reading list (only
 * you see it). Nothing else names a paper here: "save 1 2" or "save 1,3" is
 * answered with the usage line, never read as words and saved as their best
 * match.
 */
export const save = defineCommand({
  personal: true,
  schema: z.object({ kind: z.literal('save'), ref: z.string().min(1).max(300) }),
  help: [{ usage: SAVE_USAGE, description: 'save a paper to your reading list (the Save action does the same; only you see your list)' }],
  parse: (text) => {
    const m = /^(?:save|bookmark)(?:\s+(.*))?$/i.exec(text);
    return m ? { kind: 'save' as const, ref: (m[1] ?? '').slice(0, 300) } : undefined;
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    const ref = parsePaperRef(command.ref);
    if (ref === undefined || ref.kind === 'words') {
      return { kind: 'error', message: `I cannot tell which paper “${quoted(command.ref)}” is. Usage: ${SAVE_USAGE}, one paper at a time, e.g. /paper save 2 after a search.`, notes };
    }
    const paper = await resolvePaperRef(ref, context, deps, notes);
    if ('kind' in paper) return paper;
    const added = await who.store.addSave({ person: who.person, team: who.team, paperId: paper.id, savedAt: deps.now().getTime() });
    const count = (await who.store.listSaves(who.person)).length;
    return {
      kind: 'info',
      personal: true,
      title: added ? `Saved “${paper.title}” to your reading list.` : `“${paper.title}” is already on your reading list.`,
      lines: [`Your list holds ${count} ${count === 1 ? 'paper' : 'papers'}: /paper saved shows it, /paper saved bib gives it as BibTeX.`],
      notes,
    };
  },
});

/**
 * `/paper unsave <N | paper id | arXiv id | all>`. A number (or "result N") is
 * the paper's number in `/paper saved` (newest first, across its pages),
 * whatever list was shown last; anything that is not a number, an id or
 * "all" is answered with the usage line.
 */
export const unsave = defineCommand({
  personal: true,
  schema: z.object({ kind: z.literal('unsave'), ref: z.string().min(1).max(300) }),
  help: [{ usage: UNSAVE_USAGE, description: 'take a paper off your reading list (N as /paper saved numbers them), or all of them' }],
  parse: (text) => {
    const m = /^(?:unsave|unbookmark)(?:\s+(.*))?$/i.exec(text);
    return m ? { kind: 'unsave' as const, ref: (m[1] ?? '').slice(0, 300) } : undefined;
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    if (/^all$/i.test(command.ref.trim())) {
      const removed = await who.store.removeAllSaves(who.person);
      return { kind: 'info',
      personal: true, title: removed === 0 ? 'Your reading list was already empty.' : `Removed all ${removed} ${removed === 1 ? 'paper' : 'papers'} from your reading list.`, lines: [], notes };
    }
    const ref = parsePaperRef(command.ref);
    if (ref === undefined || ref.kind === 'words') {
      return { kind: 'error', message: `I cannot tell which paper “${quoted(command.ref)}” is. Usage: ${UNSAVE_USAGE}, N as /paper saved numbers them, one paper at a time.`, notes };
    }
    let paper;
    if (ref.kind === 'number') {
      const { papers } = await readingList(who.store, who.person, deps);
      paper = papers[ref.n - 1];
      if (paper === undefined) {
        const message =
          papers.length === 0
            ? 'Your reading list is empty: there is nothing to unsave.'
            : `Your reading list has no paper ${ref.text}: /paper saved numbers its ${papers.length === 1 ? 'paper 1' : `papers 1 to ${papers.length}`}, newest first.`;
        return { kind: 'error', message, notes };
      }
    } else {
      const found = await resolvePaperRef(ref, context, deps, notes);
      if ('kind' in found) return found;
      paper = found;
    }
    const removed = await who.store.removeSave(who.person, paper.id);
    return {
      kind: 'info',
      personal: true,
      title: removed ? `Removed “${paper.title}” from your reading list.` : `“${paper.title}” is not on your reading list.`,
      lines: removed ? [] : ['/paper saved shows what is on it.'],
      notes,
    };
  },
});
