import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { parsePaperRef, resolvePaperRef } from './paper-ref.js';
import { signalOwner } from './signal-keys.js';

/** `/paper save <result N | paper id | arXiv id | words>`: onto your reading list (only you see it). */
export const save = defineCommand({
  personal: true,
  schema: z.object({ kind: z.literal('save'), ref: z.string().min(1).max(300) }),
  help: [{ usage: '/paper save <result N | paper id | arXiv id>', description: 'save a paper to your reading list (the Save action does the same; only you see your list)' }],
  parse: (text) => {
    const m = /^(?:save|bookmark)(?:\s+(.*))?$/i.exec(text);
    return m ? { kind: 'save' as const, ref: (m[1] ?? '').slice(0, 300) } : undefined;
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    const paper = await resolvePaperRef(parsePaperRef(command.ref)!, context, deps, notes);
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

/** `/paper unsave <result N | paper id | arXiv id | all>`. */
export const unsave = defineCommand({
  personal: true,
  schema: z.object({ kind: z.literal('unsave'), ref: z.string().min(1).max(300) }),
  help: [{ usage: '/paper unsave <result N | paper id | all>', description: 'take a paper off your reading list (N as /paper saved numbers them), or all of them' }],
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
    const paper = await resolvePaperRef(parsePaperRef(command.ref)!, context, deps, notes);
    if ('kind' in paper) return paper;
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
