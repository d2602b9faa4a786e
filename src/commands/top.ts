import { z } from 'zod';
import { defineCommand } from './command-module.js';
import { toSummary } from './paper-views.js';
import type { Reply } from './reply.js';
import { howToSave, onConsole, signalOwner, teamKey } from './signal-keys.js';
import type { BotDeps, CommandContext } from './command-module.js';
import type { SignalStore } from '../store/store.js';

/** How far back each period of `top` reaches. */
export const TOP_PERIODS = { week: 7, month: 30, all: undefined } as const;
export type TopPeriod = keyof typeof TOP_PERIODS;
/** Papers the team's top shows. */
export const TOP_SIZE = 10;

/** `/paper top [week | month | all]`: this workspace's or server's most saved and reacted papers. */
export const top = defineCommand({
  schema: z.object({ kind: z.literal('top'), period: z.enum(['week', 'month', 'all']) }),
  help: [{ usage: '/paper top [week | month | all]', description: "the team's most saved and reacted papers (default: the last 7 days); never says who" }],
  parse: (text) => {
    const m = /^top(?:\s+(.*))?$/i.exec(text);
    if (!m) return undefined;
    const arg = (m[1] ?? 'week').trim().toLowerCase().replace(/^(?:this|the|last|past)\s+/, '');
    const period = arg === 'weekly' || arg === '7d' ? 'week' : arg === 'monthly' || arg === '30d' ? 'month' : arg === 'ever' || arg === 'all time' ? 'all' : arg;
    // An unknown word fails the schema, which answers with the usage line.
    return { kind: 'top' as const, period: period as TopPeriod };
  },
  answer: async ({ command, context, deps, notes }) => {
    const who = signalOwner(context, deps, notes);
    if ('kind' in who) return who;
    return (await teamTopList(who.store, teamKey(context), command.period, deps, notes)) ?? noSignalYet(command.period, context, deps, notes);
  },
});

/**
 * A team's top as a list: by saves plus voters in the period, ties by
 * Hugging Face upvotes; each paper says its count, never who. Undefined when
 * nothing counts yet. The weekly recap of `subscribe weekly team` posts this.
 */
export async function teamTopList(store: SignalStore, team: string, period: TopPeriod, deps: Pick<BotDeps, 'library' | 'now'> & Partial<Pick<BotDeps, 'papers'>>, notes: string[] = []): Promise<(Reply & { kind: 'list' }) | undefined> {
  const days = TOP_PERIODS[period];
  const since = days === undefined ? 0 : deps.now().getTime() - days * 86_400_000;
  const entries = await store.teamTop(team, since, 100);
  // Papers saved from a pasted link's card are read back when this library lacks them (a restart, another replica).
  await deps.papers?.restore(entries.map((e) => e.paperId));
  const ranked = entries
    .map((e) => ({ ...e, paper: deps.library.get(e.paperId) }))
    .filter((e) => e.paper !== undefined)
    .sort((a, b) => b.count - a.count || (b.paper!.upvotes ?? 0) - (a.paper!.upvotes ?? 0) || a.paperId.localeCompare(b.paperId));
  if (ranked.length === 0) return undefined;
  const shown = ranked.slice(0, TOP_SIZE);
  return {
    kind: 'list',
    title: `The team's top papers, ${periodText(period)}`,
    hits: shown.map((e) => ({ ...toSummary(e.paper!), note: countText(e.count) })),
    ...(ranked.length > shown.length ? { more: `and ${ranked.length - shown.length} more with saves or reactions` } : {}),
    notes,
  };
}

/** "5 saves and reactions", "1 save or reaction". */
export function countText(count: number): string {
  return count === 1 ? '1 save or reaction' : `${count} saves and reactions`;
}

function periodText(period: TopPeriod): string {
  return period === 'all' ? 'all time' : `the last ${TOP_PERIODS[period]} days`;
}

function noSignalYet(period: TopPeriod, context: CommandContext, deps: BotDeps, notes: string[]): Reply {
  return {
    kind: 'info',
    title: `No ${onConsole(context.channel) ? 'saves' : 'saves or reactions'} here in ${periodText(period)} yet.`,
    lines: [`${howToSave(context.channel, deps, 'papers')}, and they are counted here.`],
    notes,
  };
}
