import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { MAX_QUERY_LENGTH } from '../../src/commands/parse-command.js';

/** The /paper command, as plain data: what `npm run register` sends to Discord. */
export const PAPER_COMMAND = {
  type: ApplicationCommandType.ChatInput,
  name: 'paper',
  description: 'Search the Hugging Face Daily Papers, or: today, week, cite N, follow <words>, help',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'query',
      description: 'Words to search for, or a command: today, week, random, cite 2, follow <words>, help',
      required: false,
      autocomplete: true,
      max_length: MAX_QUERY_LENGTH,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const COMMANDS = [PAPER_COMMAND];
