import { z } from 'zod';
import { parseWeekdays } from '../posts/weekdays.js';
import { SubscriptionSchema, TimeZoneSchema, type Cadence } from '../store/store.js';
import { defineCommand, mayManageChannel } from './command-module.js';
import { teamKey } from './signal-keys.js';
import { channelAndStore, configManaged, nextLines, schedule, WHO_MAY } from './subscription-replies.js';
import { normalizeTime, takeTime, timeProblem } from './time-of-day.js';

/**
 * `/paper subscribe [HH:MM] [time zone]`: the day's top paper here, daily.
 * `/paper subscribe weekly [day] [HH:MM] [time zone]`: the week's five best, weekly.
 */
export const subscribe = defineCommand({
  schema: z.object({
    kind: z.literal('subscribe'),
    cadence: z.enum(['daily', 'weekly']),
    day: z.string().max(20).optional(),
    time: z.string().max(20).optional(),
    timezone: z.string().max(64).optional(),
    /** A weekly recap of the team's own top (saves and reactions) instead of Hugging Face's best. */
    team: z.boolean().optional(),
  }),
  help: [
    { usage: '/paper subscribe [HH:MM] [time zone]', description: "post the day's top trending paper here daily (channel managers)" },
    { usage: '/paper subscribe weekly [team] [day] [HH:MM] [time zone]', description: "post the week's five best here weekly; with team, this team's most saved and reacted papers (channel managers)" },
  ],
  parse: (text) => {
    const m = /^subscribe(?:\s+(.*))?$/i.exec(text);
    if (!m) return undefined;
    // Any order: "subscribe weekly fri 16:00 Europe/Paris", "subscribe Europe/Paris 8:30".
    const args = (m[1] ?? '').split(' ').filter(Boolean);
    const cadence: Cadence = args[0]?.toLowerCase() === 'weekly' ? 'weekly' : 'daily';
    if (/^(?:weekly|daily)$/i.test(args[0] ?? '')) args.shift();
    const team = cadence === 'weekly' && args.some((a) => /^team$/i.test(a));
    if (team) args.splice(args.findIndex((a) => /^team$/i.test(a)), 1);
    // Whatever looks like a time is the time (8am too, answered with how times are written), never a time zone.
    const { time, rest: others } = takeTime(args);
    const day = cadence === 'weekly' ? others.find((a) => weekdayOf(a) !== undefined) : undefined;
    const rest = others.filter((a) => a !== day);
    return { kind: 'subscribe' as const, cadence, day, time, timezone: rest.length > 1 ? rest.join(' ') : rest[0], ...(team ? { team } : {}) };
  },
  answer: async ({ command, context, deps, notes }) => {
    const where = channelAndStore(context, deps, notes);
    if ('kind' in where) return where;
    const { channel, store } = where;
    if (!(await mayManageChannel(context))) return { kind: 'refused', message: WHO_MAY, notes };
    const current = await store.getSubscription(channel, command.cadence);
    if (current?.source === 'config') return configManaged(channel, notes);
    const defaults = deps.dailyDefaults ?? { time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6] };
    const asked = command.time ?? current?.time ?? defaults.time;
    const time = normalizeTime(asked);
    if (!time) {
      const example = (t: string) => (command.cadence === 'weekly' ? `/paper subscribe weekly ${command.day ?? 'fri'} ${t} Europe/Paris` : `/paper subscribe ${t} Europe/Paris`);
      return { kind: 'error', message: timeProblem(asked, example), notes };
    }
    const zone = TimeZoneSchema.safeParse(command.timezone ?? current?.timezone ?? defaults.timezone);
    if (!zone.success) return { kind: 'error', message: notUnderstood(command.timezone ?? '', command.cadence), notes };
    // A weekly recap posts on one weekday (Monday unless said); the daily paper on DAILY_DAYS.
    const days = command.cadence === 'weekly' ? [weekdayOf(command.day ?? '') ?? current?.days[0] ?? 1] : (current?.days ?? defaults.days);
    const sub = SubscriptionSchema.parse({ channel, cadence: command.cadence, time, timezone: zone.data, days, source: 'command' });
    await store.upsertSubscription(sub);
    // Saying `weekly` again without `team` goes back to Hugging Face's best.
    if (sub.cadence === 'weekly') await store.setRecapTeam(channel, command.team ? teamKey(context) : undefined);
    const what = sub.cadence === 'weekly' ? (command.team ? "this team's most saved and reacted papers of the week are" : "the week's five best papers are") : 'the top trending paper is';
    return { kind: 'info', title: `${current ? 'Updated' : 'Subscribed'}: ${what} posted here ${schedule(sub)}.`, lines: await nextLines(sub, store, deps), notes };
  },
});

/**
 * Why a word after `subscribe` was not taken. Words that are neither a time
 * nor (for a recap) a weekday are read as a time zone, so a word that does not
 * look like one is answered with everything that was expected in its place.
 */
function notUnderstood(word: string, cadence: Cadence): string {
  if (/\/|^(?:utc|gmt)/i.test(word)) return `“${word}” is not a time zone I know. Use an IANA name such as Europe/Paris, America/New_York or UTC.`;
  if (cadence === 'weekly') {
    return `I cannot read “${word}”: after /paper subscribe weekly I expect a weekday (mon … sun), a time (24-hour HH:MM) or a time zone (like Europe/Paris), e.g. /paper subscribe weekly fri 16:00 Europe/Paris.`;
  }
  if (weekdayOf(word) !== undefined) {
    return `“${word}” is a weekday, but the daily paper posts on the days DAILY_DAYS sets. For a weekly recap on that day: /paper subscribe weekly ${word}.`;
  }
  return `I cannot read “${word}”: after /paper subscribe I expect a time (24-hour HH:MM) or a time zone (like Europe/Paris), e.g. /paper subscribe 08:30 Europe/Paris.`;
}

/** "fri", "Friday" -> 5; undefined for anything else. */
function weekdayOf(word: string): number | undefined {
  const days = /^[a-z]{3,9}$/i.test(word) ? parseWeekdays(word.slice(0, 3)) : undefined;
  return days?.length === 1 ? days[0] : undefined;
}
