import { z } from 'zod';

// The core stores channel keys as `slack:<id>` without reading the id; this
// adapter owns what a Slack id looks like: a conversation (C…, G…, D…) or a
// user (U…, W…, for a direct message), uppercase letters and digits.

export const SlackChannelIdSchema = z.string().regex(/^[A-Z0-9]{1,40}$/);

/** The id, checked before it reaches Slack; a malformed one (a typo in DAILY_CHANNELS) is named in the error. */
export function slackChannelId(id: string): string {
  if (!SlackChannelIdSchema.safeParse(id).success) throw new Error(`slack: ${JSON.stringify(id.slice(0, 80))} is not a Slack channel or user id (expected uppercase letters and digits, such as C0123ABCD)`);
  return id;
}
