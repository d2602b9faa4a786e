import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
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

/**
 * "Paper info" in a message's Apps menu: the cards of the paper links in that
 * message, only to the asker (adapters/discord/paper-info.ts). A message
 * command has a name and no description.
 */
export const PAPER_INFO_COMMAND = {
  type: ApplicationCommandType.Message,
  name: 'Paper info',
} satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

export const COMMANDS = [PAPER_COMMAND, PAPER_INFO_COMMAND];
