import type { CommandContext } from '../commands/answer.js';
import type { Command } from '../commands/command.js';
import type { Reply } from '../commands/reply.js';
import type { PaperLibrary } from '../library/library.js';
import { SubscriptionSchema, TimeZoneSchema, type Store, type Subscription } from '../store/store.js';
import { localTime, nextLocalTime } from './local-time.js';
import { nextPaper } from './pick-paper.js';
import { describeWeekdays } from './weekdays.js';

/** What the subscription commands need. */
export interface DailyCommandDeps {
  store: Store;
  library: PaperLibrary;
  /** Defaults for `/paper subscribe` without arguments: DAILY_TIME, DAILY_TIMEZONE, DAILY_DAYS. */
  defaults: { time: string; timezone: string; days: number[] };
  now: () => Date;
}

type DailyCommand = Extract<Command, { kind: 'subscribe' | 'unsubscribe' | 'subscriptions' | 'next' }>;

const WHO_MAY = 'Only people who can manage this channel may change its daily paper (Discord: Manage Channels; Slack: workspace admins and SLACK_MANAGERS).';

/** Answers the daily-post commands for the channel in `context`. */
export function answerDailyCommand(command: DailyCommand, context: CommandContext, deps: DailyCommandDeps, notes: string[]): Reply {
  const channel = context.channel;
  if (!channel) return { kind: 'error', message: 'Daily papers are set per channel: use this command in a channel.', notes };
  const current = deps.store.getSubscription(channel);
  switch (command.kind) {
    case 'subscribe': {
      if (!context.canManageChannel) return { kind: 'refused', message: WHO_MAY, notes };
      if (current?.source === 'config') return configManaged(channel, notes);
      const time = normalizeTime(command.time ?? deps.defaults.time);
      if (!time) return { kind: 'error', message: `“${command.time}” is not a time of day. Use 24-hour HH:MM, e.g. /paper subscribe 08:30 Europe/Paris.`, notes };
      const zone = TimeZoneSchema.safeParse(command.timezone ?? current?.timezone ?? deps.defaults.timezone);
      if (!zone.success) {
        return { kind: 'error', message: `“${command.timezone}” is not a time zone I know. Use an IANA name such as Europe/Paris, America/New_York or UTC.`, notes };
      }
      const sub = SubscriptionSchema.parse({ channel, time, timezone: zone.data, days: current?.days ?? deps.defaults.days, source: 'command' });
      deps.store.upsertSubscription(sub);
      return { kind: 'info', title: `${current ? 'Updated' : 'Subscribed'}: the top trending paper is posted here ${schedule(sub)}.`, lines: nextLines(sub, deps), notes };
    }
    case 'unsubscribe': {
      if (!context.canManageChannel) return { kind: 'refused', message: WHO_MAY, notes };
      if (current?.source === 'config') return configManaged(channel, notes);
      if (!current) return { kind: 'info', title: 'This channel has no daily paper; nothing to stop.', lines: [], notes };
      deps.store.removeSubscription(channel);
      return { kind: 'info', title: 'Unsubscribed: no more daily papers in this channel.', lines: ['Papers already sent here stay recorded, so subscribing again never repeats one.'], notes };
    }
    case 'subscriptions': {
      const platform = channel.split(':')[0];
      const subs = deps.store.listSubscriptions().filter((s) => channel === 'console' || s.channel.startsWith(`${platform}:`));
      const lines = subs.map((s) => `${s.channel === channel ? 'this channel' : s.channel}: ${schedule(s)}${s.source === 'config' ? ' (set in DAILY_CHANNELS)' : ''}`);
      return { kind: 'info', title: subs.length === 0 ? 'No channel gets the daily paper yet. /paper subscribe adds this one.' : `Daily paper subscriptions (${subs.length}):`, lines, notes };
    }
    case 'next': {
      if (!current) {
        const pick = nextPaper(deps.library, deps.store.postedPaperIds(channel));
        return {
          kind: 'info',
          title: 'This channel has no daily paper. /paper subscribe sets one up.',
          lines: pick ? [`It would start with: ${pick.paper.title} (#${pick.rank} on ${pick.day}).`] : [],
          notes,
        };
      }
      return { kind: 'info', title: `Next daily paper for this channel (${schedule(current)}):`, lines: nextLines(current, deps), notes };
    }
  }
}

function configManaged(channel: string, notes: string[]): Reply {
  return { kind: 'refused', message: `The daily paper of ${channel} is set in the configuration (DAILY_CHANNELS); change it there.`, notes };
}

function schedule(sub: Subscription): string {
  return `at ${sub.time} ${sub.timezone}, ${describeWeekdays(sub.days)}`;
}

/** "Next: <title> (#1 on 2026-04-21), Mon Dec 1 at 09:00 Europe/Paris." */
function nextLines(sub: Subscription, deps: DailyCommandDeps): string[] {
  const now = deps.now();
  const today = localTime(now, sub.timezone).day;
  const postedToday = deps.store.getPost(sub.channel, today);
  const when = nextLocalTime(now, sub.timezone, sub.time, sub.days, postedToday && postedToday.status !== 'failed' ? today : undefined);
  const pick = nextPaper(deps.library, deps.store.postedPaperIds(sub.channel));
  const whenText = when
    ? when.toLocaleString('en-US', { timeZone: sub.timezone, weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    : 'not within a week';
  if (!pick) return [`Every paper in the library has been sent here; the next digest's papers will follow (${whenText}).`];
  return [`Next: ${pick.paper.title} (#${pick.rank} on ${pick.day}), ${whenText} ${sub.timezone}.`];
}

/** "8:30" -> "08:30"; undefined unless a valid 24-hour time. */
function normalizeTime(text: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${m[2]}` : undefined;
}
