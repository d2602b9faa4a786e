import type { HelpEntry } from './reply.js';

/** What a user can type after `/paper`, as shown by `help`. */
export const HELP_ENTRIES: HelpEntry[] = [
  { usage: '/paper <words>', description: 'search titles and abstracts (typos and word starts are fine)' },
  { usage: '/paper <words> page 2', description: 'the next page of results' },
  { usage: '/paper today', description: "the newest digest's top trending papers" },
  { usage: '/paper random', description: 'a random paper from the library' },
  { usage: '/paper subscribe [HH:MM] [time zone]', description: "post the day's top trending paper here daily (channel managers)" },
  { usage: '/paper unsubscribe', description: 'stop the daily paper in this channel (channel managers)' },
  { usage: '/paper subscriptions', description: 'which channels get the daily paper, and when' },
  { usage: '/paper next', description: 'what this channel gets next, and when' },
  { usage: '/paper help', description: 'this help' },
];
