import { isoWeekOf, localTime, minutesOf, nextLocalTime } from '../posts/local-time.js';
import { nextPaper } from '../posts/pick-paper.js';
import { describeWeekdays } from '../posts/weekdays.js';
import type { PostLedger, RecapLedger, SignalStore, Subscription, SubscriptionStore } from '../store/store.js';
import type { BotDeps, CommandContext } from './command-module.js';
import type { Reply } from './reply.js';

// What the subscription commands (subscribe, unsubscribe, subscriptions,
// next) share: the channel and store they need, who may change a channel,
// and how a schedule reads.

export const WHO_MAY =
  'Only people who can manage this channel may change its daily paper (Discord: Manage Channels; Slack: workspace admins and SLACK_MANAGERS).';

/** The channel and store a subscription command needs, or the reply saying which is missing. */
export function channelAndStore(context: CommandContext, deps: BotDeps, notes: string[]): { channel: string; store: SubscriptionStore & PostLedger & RecapLedger & SignalStore } | Reply {
  if (!deps.store) return { kind: 'error', message: 'Daily papers are not set up in this bot.', notes };
  if (!context.channel) return { kind: 'error', message: 'Daily papers are set per channel: use this command in a channel.', notes };
  return { channel: context.channel, store: deps.store };
}

export function configManaged(channel: string, notes: string[]): Reply {
  return { kind: 'refused', message: `The daily paper of ${channel} is set in the configuration (DAILY_CHANNELS); change it there.`, notes };
}

/** "at 09:00 Europe/Paris, Mon–Fri"; a weekly recap: "every Mon at 09:00 Europe/Paris". */
export function schedule(sub: Subscription): string {
  if (sub.cadence === 'weekly') return `every ${describeWeekdays(sub.days)} at ${sub.time} ${sub.timezone}`;
  return `at ${sub.time} ${sub.timezone}, ${describeWeekdays(sub.days)}`;
}

/**
 * "Next: <title> (#1 on 2026-04-21), Mon, Dec 1, 09:00 Europe/Paris." When
 * today's time has passed and today has no post yet, the daily job catches up
 * within a minute: that is said plainly ("today's paper, now"), not as the
 * odd minute the catch-up happens to run at.
 */
export async function nextLines(sub: Subscription, store: PostLedger & RecapLedger, deps: BotDeps): Promise<string[]> {
  const now = deps.now();
  const local = localTime(now, sub.timezone);
  const done = sub.cadence === 'weekly' ? await store.getRecap(sub.channel, isoWeekOf(local.day)) : await store.getPost(sub.channel, local.day);
  const doneToday = done !== undefined && done.status !== 'failed';
  const catchUp = !doneToday && sub.days.includes(local.weekday) && local.minutes >= minutesOf(sub.time);
  const then = `then ${sub.cadence === 'weekly' ? 'every ' : ''}${describeWeekdays(sub.days)} at ${sub.time} ${sub.timezone}`;
  const when = nextLocalTime(now, sub.timezone, sub.time, sub.days, doneToday ? local.day : undefined);
  const whenText = when
    ? when.toLocaleString('en-US', { timeZone: sub.timezone, weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    : 'not within a week';
  if (sub.cadence === 'weekly') {
    if (catchUp) return [`Next recap: this week's, now; ${then}.`];
    return [`Next recap: ${whenText} ${sub.timezone}, the best papers of the seven days before.`];
  }
  const pick = nextPaper(deps.library, await store.postedPaperIds(sub.channel));
  if (catchUp) {
    if (!pick) return [`Every paper in the library has been sent here; the next digest's papers will follow, ${then}.`];
    return [`Next: today\u2019s paper, now: ${pick.paper.title} (#${pick.rank} on ${pick.day}); ${then}.`];
  }
  if (!pick) return [`Every paper in the library has been sent here; the next digest's papers will follow (${whenText}).`];
  return [`Next: ${pick.paper.title} (#${pick.rank} on ${pick.day}), ${whenText} ${sub.timezone}.`];
}
