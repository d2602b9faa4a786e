import { z } from 'zod';
import type { Paper } from '../library/paper.js';
import { seenInLibrary } from '../posts/watch-alerts.js';
import { UPVOTE_MARKS } from '../store/store.js';
import { defineCommand, type BotDeps } from './command-module.js';
import { parsePaperRef, resolveOnlyPaper, resolvePaperRef } from './paper-ref.js';
import type { Reply } from './reply.js';
import { MAX_WATCHES, watchDate, watchOwner, WHO_MAY_WATCH } from './watch-owner.js';

const DAY_MS = 86_400_000;

/**
 * `/paper watch <result N | paper id | arXiv id | link>`: alerts here (in a
 * DM: to you) when the paper gets code, a project page, a model, dataset or
 * Space on the Hub, enters the daily papers, or passes 10, 50 and 100
 * upvotes; for WATCH_DAYS days. Alone, it means the only paper shown. An
 * arXiv id the library does not hold is looked up (the paper resolver: the
 * Hugging Face paper API, and the paper joins the library).
 */
export const watch = defineCommand({
  schema: z.object({ kind: z.literal('watch'), ref: z.string().max(300) }),
  help: [{ usage: '/paper watch <result N | paper id | arXiv id | link>', description: 'tell this channel (in a DM: you) when a paper gets code, models, datasets, Spaces or upvotes' }],
  parse: (text) => {
    const m = /^watch(?:\s+(.*))?$/i.exec(text);
    return m ? { kind: 'watch' as const, ref: (m[1] ?? '').trim().slice(0, 300) } : undefined;
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = watchOwner(context, deps, notes);
    if ('kind' in who) return who;
    const ref = parsePaperRef(command.ref);
    if (ref?.kind === 'words') {
      return {
        kind: 'error',
        message: `Which paper? Say /paper watch <result N | paper id | arXiv id | link>, e.g. /paper watch 2 after a search. To hear of new papers about “${command.ref}”, /paper follow ${command.ref}.`,
        notes,
      };
    }
    if (!(await who.mayChange())) return { kind: 'refused', message: WHO_MAY_WATCH, notes };
    const paper = ref?.kind === 'arxiv' ? await lookUp(ref.arxivId, deps, notes) : ref === undefined ? await resolveOnlyPaper(context, deps, notes) : await resolvePaperRef(ref, context, deps, notes);
    if ('kind' in paper) return paper;
    if (paper.arxivId === undefined) {
      return { kind: 'error', message: `“${paper.title}” has no arXiv id, and the Hub links code, models, datasets and Spaces to papers by arXiv id: it cannot be watched.`, notes };
    }
    const where = who.watchKind === 'person' ? 'You watch' : 'This channel watches';
    const existing = await who.store.listWatches(who.owner);
    if (!existing.some((w) => w.paperId === paper.id) && existing.length >= MAX_WATCHES) {
      return { kind: 'error', message: `${where} ${MAX_WATCHES} papers, the most it may. /paper unwatch <number> makes room.`, notes };
    }
    const createdAt = deps.now().getTime();
    // What the paper has now is no news: only what changes from here is alerted.
    const seen = seenInLibrary(paper, { githubRepo: null, projectPage: null, models: null, datasets: null, spaces: null, inDaily: false, upvoteMark: 0 });
    const { watch: w, created } = await who.store.addWatch({
      owner: who.owner,
      kind: who.watchKind,
      paperId: paper.id,
      arxivId: paper.arxivId,
      title: paper.title,
      createdAt,
      endsAt: createdAt + deps.watchDays * DAY_MS,
      seen,
    });
    const whereTo = who.watchKind === 'person' ? 'to you in a direct message' : 'here';
    if (!created) return { kind: 'info', title: `Already watching “${paper.title}” ${who.watchKind === 'person' ? 'for you' : 'here'}, until ${watchDate(w.endsAt)}.`, lines: [], notes };
    const marks = UPVOTE_MARKS.filter((m) => m > seen.upvoteMark);
    const lines = [
      `I post ${whereTo} when ${[
        ...(seen.githubRepo === null ? ['its code'] : []),
        ...(seen.projectPage === null ? ['a project page'] : []),
        'a model, dataset or Space',
      ].join(', ')} ${seen.githubRepo === null || seen.projectPage === null ? 'appear' : 'appears'} on Hugging Face${seen.inDaily ? '' : ', when it enters the daily papers'}${marks.length > 0 ? `, or when it passes ${marks.join(', ')} upvotes` : ''}.`,
      '/paper watches lists what is watched; /paper unwatch stops it.',
    ];
    return { kind: 'info', title: `Watching “${paper.title}” until ${watchDate(w.endsAt)} (${deps.watchDays} days).`, lines, notes };
  },
});

/** The paper an arXiv id names (the library's, else the paper API's, which then joins the library); or why none. */
async function lookUp(arxivId: string, deps: BotDeps, notes: string[]): Promise<Paper | Reply> {
  const found = await deps.papers.resolve(arxivId);
  if (found.kind === 'found') return found.paper;
  switch (found.why) {
    case 'off':
      return { kind: 'error', message: `No paper with arXiv id ${arxivId} in the library yet.`, notes };
    case 'unknown':
      return { kind: 'error', message: `Hugging Face has no paper page for arXiv ${arxivId}, so nothing can be linked to it there yet. Check the id, or watch it once it has a page.`, notes };
    case 'unavailable':
      return { kind: 'error', message: `I cannot reach Hugging Face to look up arXiv ${arxivId} right now. Try again in a minute.`, notes };
    default:
      return found.why satisfies never;
  }
}
