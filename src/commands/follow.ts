import { z } from 'zod';
import { queryTerms } from '../library/text-terms.js';
import { defineCommand } from './command-module.js';
import { followOwner, MAX_FOLLOWS, sameWords, WHO_MAY_FOLLOW } from './follow-owner.js';
import { MAX_QUERY_LENGTH } from './search.js';

/**
 * `/paper follow <words>`: new papers matching the words are posted here as
 * they arrive (in a direct message: to you). Papers already in the library
 * never alert.
 */
export const follow = defineCommand({
  schema: z.object({ kind: z.literal('follow'), words: z.string().min(1).max(MAX_QUERY_LENGTH) }),
  help: [{ usage: '/paper follow <words>', description: 'post new papers matching the words here as they arrive (in a DM: to you)' }],
  parse: (text, notes) => {
    const m = /^follow(?:\s+(.*))?$/i.exec(text);
    if (!m) return undefined;
    let words = m[1] ?? '';
    if (words.length > MAX_QUERY_LENGTH) {
      const cut = words.slice(0, MAX_QUERY_LENGTH);
      words = cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_QUERY_LENGTH / 2)).replace(/[\ud800-\udbff]$/, '').trim();
      notes.push(`Those words were ${m[1]!.length.toLocaleString('en-US')} characters; I follow the first ${words.length}.`);
    }
    return { kind: 'follow' as const, words };
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = followOwner(context, deps, notes);
    if ('kind' in who) return who;
    if (!(await who.mayChange())) return { kind: 'refused', message: WHO_MAY_FOLLOW, notes };
    if (queryTerms(command.words).length === 0) {
      return { kind: 'error', message: 'Those words have nothing to search for (only very common words or symbols). Try /paper follow sparse autoencoders.', notes };
    }
    const existing = await who.store.listFollows(who.owner);
    if (existing.some((f) => sameWords(f.words, command.words))) {
      return { kind: 'info', title: `Already following “${command.words}” ${who.followKind === 'person' ? 'for you' : 'here'}.`, lines: [], notes };
    }
    if (existing.length >= MAX_FOLLOWS) {
      return { kind: 'error', message: `${who.followKind === 'person' ? 'You follow' : 'This channel follows'} ${MAX_FOLLOWS} topics, the most it may. /paper unfollow <number> makes room.`, notes };
    }
    // What matches now is in the library already: recorded as never to alert.
    const baseline = deps.library.matchAll(command.words).map((p) => p.id);
    await who.store.addFollow({ owner: who.owner, kind: who.followKind, words: command.words, createdAt: deps.now().getTime() }, baseline);
    const where = who.followKind === 'person' ? 'to you in a direct message' : 'in this channel';
    // Quoted, the words are a search even when they begin like a command ("save energy" would save a paper).
    const search = /^["“”'‘’«].*["“”'‘’»]$/.test(command.words) ? `/paper ${command.words}` : `/paper "${command.words}"`;
    const already =
      baseline.length === 0
        ? 'No paper in the library matches it yet.'
        : baseline.length === 1
          ? `1 paper in the library matches it already (${search} shows it); it will not be alerted.`
          : `${baseline.length} papers in the library match it already (${search} lists them); they will not be alerted.`;
    return {
      kind: 'info',
      title: `Following “${command.words}”: new papers that match are posted ${where} as they arrive.`,
      lines: [already],
      notes,
    };
  },
});
