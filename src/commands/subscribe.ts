import { z } from 'zod';
import { SubscriptionSchema, TimeZoneSchema } from '../store/store.js';
import { defineCommand } from './command-module.js';
import { channelAndStore, configManaged, nextLines, schedule, WHO_MAY } from './subscription-replies.js';

/** `/paper subscribe [HH:MM] [time zone]`: the day's top paper in this channel, daily. */
export const subscribe = defineCommand({
  schema: z.object({ kind: z.literal('subscribe'), time: z.string().max(20).optional(), timezone: z.string().max(64).optional() }),
  help: [{ usage: '/paper subscribe [HH:MM] [time zone]', description: "post the day's top trending paper here daily (channel managers)" }],
  parse: (text) => {
    const m = /^subscribe(?:\s+(\S+))?(?:\s+(\S+))?$/i.exec(text);
    if (!m) return undefined;
    // Either order: "subscribe 08:30 Europe/Paris", "subscribe Europe/Paris", "subscribe 8:30".
    const args = [m[1], m[2]].filter((a): a is string => a !== undefined);
    const time = args.find((a) => /^\d{1,2}:\d{2}$/.test(a));
    const timezone = args.find((a) => a !== time);
    return { kind: 'subscribe' as const, time, timezone };
  },
  answer: async ({ command, context, deps, notes }) => {
    const where = channelAndStore(context, deps, notes);
    if ('kind' in where) return where;
    const { channel, store } = where;
    if (!context.canManageChannel) return { kind: 'refused', message: WHO_MAY, notes };
    const current = await store.getSubscription(channel);
    if (current?.source === 'config') return configManaged(channel, notes);
    const defaults = deps.dailyDefaults ?? { time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6] };
    const time = normalizeTime(command.time ?? defaults.time);
    if (!time) return { kind: 'error', message: `“${command.time}” is not a time of day. Use 24-hour HH:MM, e.g. /paper subscribe 08:30 Europe/Paris.`, notes };
    const zone = TimeZoneSchema.safeParse(command.timezone ?? current?.timezone ?? defaults.timezone);
    if (!zone.success) {
      return { kind: 'error', message: `“${command.timezone}” is not a time zone I know. Use an IANA name such as Europe/Paris, America/New_York or UTC.`, notes };
    }
    const sub = SubscriptionSchema.parse({ channel, time, timezone: zone.data, days: current?.days ?? defaults.days, source: 'command' });
    await store.upsertSubscription(sub);
    return { kind: 'info', title: `${current ? 'Updated' : 'Subscribed'}: the top trending paper is posted here ${schedule(sub)}.`, lines: await nextLines(sub, store, deps), notes };
  },
});

/** "8:30" -> "08:30"; undefined unless a valid 24-hour time. */
function normalizeTime(text: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${m[2]}` : undefined;
}
