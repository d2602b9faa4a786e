import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { parsePaperRef, resolvePaperRef } from './paper-ref.js';
import { watchOwner, WHO_MAY_WATCH } from './watch-owner.js';

/**
 * `/paper unwatch <number | result N | paper id | arXiv id | link | all>`: stops
 * watches of this channel (in a DM: yours). A bare number is the watch's
 * number in `/paper watches`, as `unfollow` reads one; `result N` is a paper
 * of the last list shown.
 */
export const unwatch = defineCommand({
  schema: z.object({ kind: z.literal('unwatch'), which: z.string().max(300) }),
  help: [{ usage: '/paper unwatch <number | result N | paper id | arXiv id | all>', description: 'stop watching a paper (numbers as /paper watches shows them)' }],
  parse: (text) => {
    const m = /^unwatch(?:\s+(.*))?$/i.exec(text);
    return m ? { kind: 'unwatch' as const, which: (m[1] ?? '').trim().slice(0, 300) } : undefined;
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = watchOwner(context, deps, notes);
    if ('kind' in who) return who;
    if (command.which === '') return { kind: 'error', message: 'Which watch? Say /paper unwatch <number>, with the numbers /paper watches shows, a paper id, an arXiv id, or all.', notes };
    if (!(await who.mayChange())) return { kind: 'refused', message: WHO_MAY_WATCH, notes };
    const list = await who.store.listWatches(who.owner);
    if (/^all$/i.test(command.which)) {
      const removed = await who.store.removeAllWatches(who.owner);
      return { kind: 'info', title: removed === 0 ? 'No watches to stop.' : `Stopped all ${removed} ${removed === 1 ? 'watch' : 'watches'}.`, lines: [], notes };
    }
    const hint = list.length === 0 ? 'Nothing is watched here.' : `Pick a number from 1 to ${list.length} (/paper watches lists them), a paper id, an arXiv id, or all.`;
    // Any whole number is a watch's number (not a result number, which "result N" names).
    const n = /^#?([-+\u2212]?\d+)$/.exec(command.which);
    let target = n ? list[Number(n[1]) - 1] : undefined;
    if (!n) {
      const ref = parsePaperRef(command.which);
      if (ref === undefined || ref.kind === 'words') return { kind: 'error', message: `No watch “${command.which}”. ${hint}`, notes };
      const paper = ref.kind === 'arxiv' ? undefined : await resolvePaperRef(ref, context, deps, notes);
      if (paper !== undefined && 'kind' in paper) return paper;
      target = list.find((w) => (ref.kind === 'arxiv' ? w.arxivId === ref.arxivId : w.paperId === paper?.id));
    }
    if (!target) return { kind: 'error', message: `No watch “${command.which}”. ${hint}`, notes };
    await who.store.removeWatch(who.owner, target.id);
    const title = deps.library.get(target.paperId)?.title ?? target.title;
    return { kind: 'info', title: `Stopped watching “${title}”.`, lines: [], notes };
  },
});
