import { mayManageChannel, type CommandContext } from './command-module.js';

// Who owns what a channel-or-person command changes (follows, watches): the
// channel, whose managers change it, or, in a direct message, the person, who
// may change their own (alerts then arrive by direct message). One rule for
// every such command.

/** The owner of the follows or watches here, and whether the asker may change them. */
export interface Owner {
  /** `slack:C0123` for a channel; `slack:U0123` for a person. */
  owner: string;
  kind: 'channel' | 'person';
  mayChange: () => Promise<boolean>;
}

/** The owner here; undefined when the event names no channel. */
export function ownerHere(context: CommandContext): Owner | undefined {
  if (!context.channel) return undefined;
  if (context.direct && context.user) return { owner: personKey(context.channel, context.user), kind: 'person', mayChange: async () => true };
  return { owner: context.channel, kind: 'channel', mayChange: () => mayManageChannel(context) };
}

/** A person's key: `slack:U0123` for user U0123 on Slack; `console:console` on the console. */
export function personKey(channel: string, user: string): string {
  return `${platformOf(channel)}:${user}`;
}

/** The platform part of a channel key (`slack` of `slack:C0123`; `console`). */
export function platformOf(channel: string): string {
  const at = channel.indexOf(':');
  return at === -1 ? channel : channel.slice(0, at);
}
