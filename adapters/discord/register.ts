import { Routes, type REST } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../../src/ops/logger.js';
import { COMMANDS } from './commands.js';

// Registering commands: to one guild when DISCORD_GUILD_ID is set (instant,
// for testing), globally otherwise; and only when the definition changed,
// since Discord allows 200 command creates a day per guild.

const OptionSchema = z.object({
  type: z.number(),
  name: z.string(),
  description: z.string(),
  required: z.boolean().optional(),
  autocomplete: z.boolean().optional(),
  max_length: z.number().optional(),
});
const RegisteredSchema = z.array(
  // A message command (Paper info) has no description; Discord gives it back as "".
  z.object({ type: z.number().optional(), name: z.string(), description: z.string().optional(), options: z.array(OptionSchema).optional() }).passthrough(),
);

/** The parts of a command definition Discord keeps, in a comparable form. */
function comparable(commands: z.input<typeof RegisteredSchema>): string {
  return JSON.stringify(
    commands
      .map((c) => ({
        type: c.type ?? 1,
        name: c.name,
        description: c.description ?? '',
        options: (c.options ?? []).map((o) => ({
          type: o.type,
          name: o.name,
          description: o.description,
          required: o.required ?? false,
          autocomplete: o.autocomplete ?? false,
          max_length: o.max_length ?? null,
        })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  );
}

/** Registers /paper and Paper info if Discord's copy differs; says which route and whether anything changed. */
export async function registerCommands(opts: {
  rest: REST;
  applicationId: string;
  guildId?: string;
  logger: Logger;
}): Promise<'registered' | 'unchanged'> {
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  const where = opts.guildId ? `guild ${opts.guildId}` : 'all guilds (global; may take up to an hour to appear)';
  const existing = RegisteredSchema.parse(await opts.rest.get(route));
  if (comparable(existing) === comparable(COMMANDS)) {
    opts.logger.info(`discord: /paper and Paper info are already registered for ${where}`);
    return 'unchanged';
  }
  await opts.rest.put(route, { body: COMMANDS });
  opts.logger.info(`discord: registered /paper and Paper info for ${where}`);
  return 'registered';
}
