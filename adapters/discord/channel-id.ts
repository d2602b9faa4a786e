import { z } from 'zod';

// The core stores channel keys as `discord:<id>` without reading the id; this
// adapter owns what a Discord id looks like: a snowflake, digits only.

export const DiscordChannelIdSchema = z.string().regex(/^\d{1,25}$/);

/** The id, checked before it reaches Discord; a malformed one (a typo in DAILY_CHANNELS) is named in the error. */
export function discordChannelId(id: string): string {
  if (!DiscordChannelIdSchema.safeParse(id).success) throw new Error(`discord: ${JSON.stringify(id.slice(0, 80))} is not a Discord channel or user id (expected a snowflake, digits only)`);
  return id;
}
