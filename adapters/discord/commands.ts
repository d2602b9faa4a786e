import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { MAX_QUERY_LENGTH } from '../../src/commands/parse-command.js';

/** The /paper command, as plain data: what `npm run register` sends to Discord. */
export const PAPER_COMMAND = {
  type: ApplicationCommandType.ChatInput,
  name: 'paper',
  description: 'Search the Hugging Face Daily Papers, or: today, random, help',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'query',
      description: 'Words to search for, or today / random / help',
      required: false,
      autocomplete: true,
      max_length: MAX_QUERY_LENGTH,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const COMMANDS = [PAPER_COMMAND];
