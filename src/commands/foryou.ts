import { z } from 'zod';
import type { Paper } from '../library/paper.js';
import type { Recommendation } from '../recommend/recommender.js';
import { TimeZoneSchema, type SignalStore } from '../store/store.js';
import { defineCommand, type BotDeps } from './command-module.js';
import { toSummary } from './paper-views.js';
import type { PaperSummary, Reply } from './reply.js';
import { howToSave, MIN_SIGNALS, onConsole, readerSignals, recommenderOf, signalOwner } from './signal-keys.js';
import { normalizeTime, takeTime, timeProblem } from './time-of-day.js';
import { weekList } from './week.js';

/** What picking papers for a reader reads: the library, the clock, the emoji that vote, the model. */
export type ForYouDeps = Pick<BotDeps, 'library' | 'now' | 'voteEmoji' | 'recommender' | 'liveSource'>;

/** Papers `foryou` shows. */
export const FOR_YOU_SIZE = 5;

/** `/paper foryou`: five papers for you from what you saved and reacted to (only you see them). */
export const foryou = defineCommand({
  personal: true,
  schema: z.object({ kind: z.literal('foryou') }),
  help: [{ usage: '/paper foryou', description: 'five papers picked for you from what you saved and reacted to (only you see them)' }],
  parse: (text) => (/^(?:foryou|for you|for me|recommend(?:ed|ations?)?)$/i.test(text) ? { kind: 'foryou' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    return forYouList(who.store, who.person, deps, { limit: FOR_YOU_SIZE }, notes);
  },
});

/**
 * A reader's list, made for them only: the recommender's best (each with the
 * saved paper it is most like) when they gave at least {@link MIN_SIGNALS}
 * signals; else how to give some, and the week's best they have not saved.
 */
export async function forYouList(
  store: SignalStore,
  person: string,
  deps: ForYouDeps,
  opts: { limit: number; since?: string; exclude?: ReadonlySet<string>; title?: string },
  notes: string[] = [],
): Promise<Reply & { kind: 'list' }> {
  const { signals, saved } = await readerSignals(store, person);
  const exclude = new Set([...saved, ...(opts.exclude ?? [])]);
  const howTo = howToSave(person, deps, 'papers you like');
  if (signals.length < MIN_SIGNALS) {
    const week = weekList(deps);
    const hits = (week?.hits ?? []).filter((h) => !exclude.has(h.id)).slice(0, opts.limit);
    const have = signals.length === 0 ? 'nothing yet' : `${signals.length} so far`;
    return {
      kind: 'list',
      personal: true,
      title: opts.title ?? "For you: the week's best, until I know what you like",
      hits,
      notes: [...notes, `I pick papers for you from ${MIN_SIGNALS} or more ${onConsole(person) ? 'saves' : 'saves and reactions'} (${have}). ${howTo}. Meanwhile, the week's best:`],
    };
  }
  const picks = recommenderOf(deps).recommend(signals, { limit: opts.limit, now: deps.now(), exclude, ...(opts.since === undefined ? {} : { since: opts.since }) });
  const hits = picks.flatMap((r) => {
    const paper = deps.library.get(r.paperId);
    return paper ? [withWhy(paper, r, deps)] : [];
  });
  return {
    kind: 'list',
    personal: true,
    title: opts.title ?? 'For you: papers like the ones you saved and reacted to',
    hits,
    notes: hits.length === 0 ? [...notes, 'Nothing new to suggest right now: you have seen the best of what the library holds.'] : notes,
  };
}

function withWhy(paper: Paper, r: Recommendation, deps: ForYouDeps): PaperSummary {
  const like = r.like === undefined ? undefined : deps.library.get(r.like);
  return { ...toSummary(paper), note: like ? `like “${like.title}”` : 'new and popular' };
}

/** `/paper subscribe foryou [HH:MM] [time zone]`, in a DM: the three best new papers for you, daily. */
export const subscribeForYou = defineCommand({
  schema: z.object({ kind: z.literal('subscribe-foryou'), time: z.string().max(20).optional(), timezone: z.string().max(64).optional() }),
  help: [{ usage: '/paper subscribe foryou [HH:MM] [time zone]', description: 'in a direct message with me: the three best new papers for you, every day' }],
  parse: (text) => {
    const m = /^subscribe\s+(?:foryou|for you|for me)(?:\s+(.*))?$/i.exec(text);
    if (!m) return undefined;
    const args = (m[1] ?? '').split(' ').filter(Boolean);
    // Whatever looks like a time is the time (8am too, answered with how times are written), never a time zone.
    const { time, rest } = takeTime(args);
    return { kind: 'subscribe-foryou' as const, time, timezone: rest.length === 0 ? undefined : rest.join(' ') };
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    if (!context.direct && context.channel !== 'console') {
      return { kind: 'error', message: 'Send /paper subscribe foryou in a direct message with me: the papers are picked for you, so they come to you alone.', notes };
    }
    const current = await who.store.getForYou(who.person);
    const asked = command.time ?? current?.time ?? deps.dailyDefaults?.time ?? '09:00';
    const time = normalizeTime(asked);
    if (!time) return { kind: 'error', message: timeProblem(asked, (t) => `/paper subscribe foryou ${t} Europe/Paris`), notes };
    const zone = TimeZoneSchema.safeParse(command.timezone ?? current?.timezone ?? deps.dailyDefaults?.timezone ?? 'UTC');
    if (!zone.success) return { kind: 'error', message: `“${command.timezone}” is not a time zone I know. Use an IANA name such as Europe/Paris, America/New_York or UTC.`, notes };
    await who.store.upsertForYou({ person: who.person, time, timezone: zone.data, createdAt: deps.now().getTime() });
    const { signals } = await readerSignals(who.store, who.person);
    const lines = ['/paper unsubscribe foryou stops it; /paper forget me removes it with everything you saved.'];
    if (signals.length < MIN_SIGNALS) lines.unshift(`Until you have ${MIN_SIGNALS} saves or reactions (${signals.length} so far) they are the newest popular papers.`);
    return {
      kind: 'info',
      personal: true,
      title: `${current ? 'Updated' : 'Subscribed'}: every day at ${time} ${zone.data} I send you the three best new papers for you.`, lines, notes };
  },
});

/** `/paper unsubscribe foryou`. */
export const unsubscribeForYou = defineCommand({
  schema: z.object({ kind: z.literal('unsubscribe-foryou') }),
  help: [{ usage: '/paper unsubscribe foryou', description: 'stop your daily papers for you' }],
  parse: (text) => (/^unsubscribe\s+(?:foryou|for you|for me)$/i.test(text) ? { kind: 'unsubscribe-foryou' as const } : undefined),
  answer: async ({ context, deps, notes }) => {
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    const removed = await who.store.removeForYou(who.person);
    return {
      kind: 'info',
      personal: true,
      title: removed ? 'Stopped your daily papers for you.' : 'You had no daily papers for you.', lines: [], notes };
  },
});
