import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  SnowflakeUtil,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type ThreadChannel,
} from 'discord.js';
import type { ChatAdapter, PostedPaper } from '../../src/adapter.js';
import type { CommandContext, PaperBot } from '../../src/commands/answer.js';
import type { PaperView } from '../../src/commands/reply.js';
import { truncate } from '../../src/commands/split-text.js';
import type { Logger } from '../../src/ops/logger.js';
import { withErrorContext } from '../../src/ops/process-guard.js';
import { PAPER_COMMAND } from './commands.js';
import { watchGateway } from './gateway-watch.js';
import { registerCommands } from './register.js';
import { abstractMarker, CUSTOM_ID, queryFromFooter, renderAbstractMessages, renderChoices, renderPaperPost, renderReply, type DiscordPayload } from './render.js';
import { restOptions } from './rest-policy.js';
import { isEphemeral } from './visibility.js';

/** What the Discord adapter needs from configuration. */
export interface DiscordSettings {
  token: string;
  /** Register /paper to this guild only (instant); unset: globally. */
  guildId?: string;
  /** REST base, discord.js `rest.api`; a rate-limit proxy or a test fake can go here. */
  apiUrl: string;
  /** `channel`: results are public (abstracts go to threads); `ephemeral`: only the asker sees them. */
  results: 'channel' | 'ephemeral';
  /** `auto`: register /paper at start when its definition changed; `off`: only `npm run register`. */
  register: 'auto' | 'off';
}

export interface DiscordAdapterOptions {
  bot: PaperBot;
  settings: DiscordSettings;
  logger: Logger;
  /** REST timeout and retries (discord.js defaults: 15 s, 3); tests use small ones. */
  rest?: { timeout?: number; retries?: number };
  /** Aborted at shutdown: from then on nothing more is sent to Discord, and rate-limit waits end. */
  abandon?: AbortSignal;
}

/** Discord's error codes that mean "paperbot may not do that here". */
const PERMISSION_CODES = new Set([50001, 50013]);
const THREAD_EXISTS = 160004;
/** The core's answer comes from memory in milliseconds; past this, the interaction is deferred without waiting for it. */
const ANSWER_BUDGET_MS = 1_000;
/** discord.js's destroy() waits for the gateway to close, which an unreachable gateway never does. */
const STOP_TIMEOUT_MS = 2_000;

/**
 * Creates the Discord adapter on discord.js. Intents: Guilds (interactions,
 * channels) and GuildMessages (to see mentions; a mention carries its text
 * without the privileged MESSAGE_CONTENT intent).
 */
export function createDiscordAdapter(opts: DiscordAdapterOptions): ChatAdapter & { readonly client: Client } {
  const { bot, settings, logger } = opts;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: restOptions({ apiUrl: settings.apiUrl, logger, abandon: opts.abandon, ...opts.rest }),
    // Nothing paperbot sends may ping anyone, whatever the text says.
    allowedMentions: { parse: [], repliedUser: false },
  });
  const ephemeralResults = settings.results === 'ephemeral';

  const send = (p: DiscordPayload) => ({
    content: p.content,
    embeds: p.embeds,
    components: p.components,
    allowedMentions: { parse: [], repliedUser: false },
  });
  // Channel messages carry a nonce Discord enforces, so a send that discord.js retries after a 5xx
  // creates one message, not two. (Interaction responses are idempotent by token and need none.)
  const sendOnce = (p: DiscordPayload) => ({ ...send(p), nonce: SnowflakeUtil.generate().toString(), enforceNonce: true });

  const contextOf = (i: ChatInputCommandInteraction | ButtonInteraction): CommandContext => ({
    channel: `discord:${i.channelId}`,
    user: i.user.id,
    canManageChannel: Boolean(i.memberPermissions?.has(PermissionFlagsBits.ManageChannels)),
  });

  // Discord allows 3 s for the first response to an interaction: each handler acknowledges
  // (defers) before rendering, which takes long for a long abstract, and before waiting on
  // anything slow (a store, a thread, several sends).

  async function onCommand(i: ChatInputCommandInteraction) {
    // The answer is usually ready at once and says whether it is private. One that takes
    // longer (a slow store) is deferred with the results' visibility, which the answer then
    // keeps: a deferral's visibility cannot change, and moving the answer to a follow-up is
    // not reliable (the first follow-up after a deferral replaces the deferral's message).
    const answering = bot.answer(i.options.getString('query') ?? '', contextOf(i));
    const early = await within(answering, ANSWER_BUDGET_MS);
    await i.deferReply((early ? isEphemeral(early, { ephemeralResults }) : ephemeralResults) ? { flags: MessageFlags.Ephemeral } : {});
    await i.editReply(send(renderReply(early ?? (await answering), { ephemeralResults })));
  }

  async function onButton(i: ButtonInteraction) {
    const id = CUSTOM_ID.parse(i.customId);
    if (!id) {
      await i.reply({ content: 'That button is out of date. Try `/paper` again.', flags: MessageFlags.Ephemeral });
      return;
    }
    if (id.kind === 'page') {
      const query = queryFromFooter(i.message.embeds[0]?.footer?.text);
      if (!query) {
        await i.reply({ content: 'I cannot tell which search this page belongs to. Try `/paper` again.', flags: MessageFlags.Ephemeral });
        return;
      }
      await i.deferUpdate();
      const reply = await bot.run({ kind: 'search', query, page: id.page }, [], contextOf(i));
      await i.editReply(send(renderReply(reply, { ephemeralResults })));
      return;
    }
    // Every answer to Abstract is private: the abstract goes to the thread (or to the clicker alone).
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await bot.abstractOf(id.paperId);
    if (reply.kind !== 'abstract') {
      await i.editReply(send(renderReply(reply)));
      return;
    }
    // Ephemeral messages cannot have threads: the abstract is answered ephemerally.
    if (ephemeralResults || i.message.flags.has(MessageFlags.Ephemeral) || !i.inGuild()) {
      const parts = renderAbstractMessages(reply.paper);
      await i.editReply(send(parts[0]!));
      for (const part of parts.slice(1)) await i.followUp({ ...send(part), flags: MessageFlags.Ephemeral });
      return;
    }
    const thread = await threadFor(i.message, reply.paper.title);
    if (await hasAbstract(thread, reply.paper.id)) {
      await i.editReply({ content: `That abstract is already in the thread <#${thread.id}>.` });
      return;
    }
    for (const part of renderAbstractMessages(reply.paper)) await thread.send(sendOnce(part));
    await i.editReply({ content: `Abstract posted in the thread <#${thread.id}>.` });
  }

  /** The thread on a message: the existing one, or a new one named after the paper. */
  async function threadFor(message: Message, title: string): Promise<ThreadChannel> {
    if (message.thread) return message.thread;
    try {
      return await message.startThread({ name: threadName(title), autoArchiveDuration: 1440 });
    } catch (err) {
      // Someone (or another click) made it meanwhile; a message's thread has the message's id.
      if (err instanceof DiscordAPIError && err.code === THREAD_EXISTS) {
        const existing = await client.channels.fetch(message.id);
        if (existing?.isThread()) return existing;
      }
      throw err;
    }
  }

  async function hasAbstract(thread: ThreadChannel, paperId: string): Promise<boolean> {
    const marker = abstractMarker(paperId);
    const recent = await thread.messages.fetch({ limit: 100 });
    return recent.some((m) => m.author.id === client.user?.id && m.embeds.some((e) => e.footer?.text.startsWith(marker)));
  }

  async function onMention(message: Message) {
    if (message.author.bot || !client.user || !message.mentions.users.has(client.user.id)) return;
    const text = message.content.replace(/<@!?\d+>/g, ' ').trim();
    const canManage = message.inGuild() ? Boolean(message.member?.permissionsIn(message.channelId).has(PermissionFlagsBits.ManageChannels)) : false;
    const reply = await bot.answer(text, { channel: `discord:${message.channelId}`, user: message.author.id, canManageChannel: canManage });
    await message.reply(sendOnce(renderReply(reply)));
  }

  client.on(Events.InteractionCreate, (i: Interaction) => {
    const what = `handling a Discord ${i.isButton() ? `button (${i.customId.slice(0, 40)})` : i.isAutocomplete() ? 'autocomplete' : 'command'}`;
    void withErrorContext({ what }, async () => {
      try {
        if (i.isAutocomplete()) {
          if (i.commandName !== PAPER_COMMAND.name) return;
          await i.respond(renderChoices(bot.complete(String(i.options.getFocused()), 25)));
        } else if (i.isChatInputCommand() && i.commandName === PAPER_COMMAND.name) {
          await onCommand(i);
        } else if (i.isButton()) {
          await onButton(i);
        }
      } catch (err) {
        logger.error(`discord: handling an interaction failed: ${describe(err)}`);
        if (i.isRepliable()) {
          const content = permissionError(err)
            ? 'I lack a permission here (Send Messages, Create Public Threads or Send Messages in Threads). Ask an admin to grant it.'
            : 'Sorry, something went wrong on my side. Please try again in a moment.';
          // A deferred reply's "thinking" message is still waiting for its answer: give it this one.
          const waiting = i.deferred && !i.replied && i.ephemeral !== null;
          const answer = waiting
            ? i.editReply({ content })
            : i.deferred || i.replied
              ? i.followUp({ content, flags: MessageFlags.Ephemeral })
              : i.reply({ content, flags: MessageFlags.Ephemeral });
          await answer.catch(() => undefined);
        }
      }
    });
  });

  client.on(Events.MessageCreate, (message) => {
    withErrorContext({ what: 'answering a Discord mention' }, () =>
      onMention(message).catch((err: unknown) => logger.error(`discord: answering a mention failed: ${describe(err)}`)),
    );
  });
  const gateway = watchGateway(client, logger);

  return {
    platform: 'discord',
    client,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      // discord.js keeps trying an unreachable gateway without a word; say so while it does.
      const waiting = setInterval(() => {
        logger.warn(`discord: still not connected ${Math.round(gateway.downForMs() / 1000) || 'some'} s on; the gateway may be unreachable (still trying)`);
      }, 30_000);
      try {
        await client.login(settings.token);
        await ready;
      } finally {
        clearInterval(waiting);
      }
      logger.info(`discord: connected as ${client.user?.tag ?? 'paperbot'}`);
      if (settings.register === 'auto' && client.application) {
        await registerCommands({ rest: client.rest, applicationId: client.application.id, guildId: settings.guildId, logger }).catch((err: unknown) =>
          logger.error(`discord: registering /paper failed: ${describe(err)}; run npm run register`),
        );
      }
    },
    async stop() {
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
      if ((await Promise.race([client.destroy().then(() => 'done' as const), timer])) === 'timeout') {
        logger.warn(`discord: the gateway connection did not close within ${STOP_TIMEOUT_MS / 1000} s; leaving it`);
      }
    },
    async postPaper(channelId: string, paper: PaperView): Promise<PostedPaper> {
      try {
        const channel = await client.channels.fetch(channelId);
        if (!channel?.isSendable() || channel.isThread() || !('threads' in channel)) {
          throw new Error(`channel ${channelId} is not a text channel paperbot can start threads in`);
        }
        const message = await channel.send(sendOnce(renderPaperPost('Today’s top trending paper', paper)));
        const thread = await message.startThread({ name: threadName(paper.title), autoArchiveDuration: 1440 });
        for (const part of renderAbstractMessages(paper)) await thread.send(sendOnce(part));
        return { channel: channelId, messageId: message.id, threadId: thread.id };
      } catch (err) {
        if (permissionError(err)) {
          logger.error(`discord: paperbot lacks permission to post in channel ${channelId} (${describe(err)}); grant Send Messages and Create Public Threads`);
        } else {
          logger.error(`discord: posting paper ${paper.id} to ${channelId} failed: ${describe(err)}`);
        }
        throw err;
      }
    },
  };
}

/** A thread name: 1-100 characters. */
function threadName(title: string): string {
  return truncate(title.replace(/\s+/g, ' ').trim(), 100) || 'Abstract';
}

/** The promise's value if it settles within `ms`, else undefined (a rejection within `ms` is thrown). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function permissionError(err: unknown): boolean {
  return err instanceof DiscordAPIError && typeof err.code === 'number' && PERMISSION_CODES.has(err.code);
}

function describe(err: unknown): string {
  if (err instanceof DiscordAPIError) return `${err.code} ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
