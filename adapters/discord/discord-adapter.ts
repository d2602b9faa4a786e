import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  REST,
  Routes,
  SnowflakeUtil,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type StringSelectMenuInteraction,
  type ThreadChannel,
} from 'discord.js';
import type { ChatAdapter, PostedPaper, PostTarget } from '../../src/adapter.js';
import type { CommandContext, PaperBot } from '../../src/commands/answer.js';
import { truncate } from '../../src/commands/split-text.js';
import type { PaperView, Reply } from '../../src/commands/reply.js';
import { failureText, postFailure, type PlatformFaults } from '../../src/conversation/failures.js';
import type { EventThread } from '../../src/conversation/thread-abstracts.js';
import type { Logger } from '../../src/ops/logger.js';
import { withErrorContext } from '../../src/ops/process-guard.js';
import { discordChannelId } from './channel-id.js';
import { PAPER_COMMAND, PAPER_INFO_COMMAND } from './commands.js';
import { answerPaperInfo } from './paper-info.js';
import { channelLimiter, LINK_REPLY_LIMIT, replyToLinks } from './link-replies.js';
import { createGatewayWatch } from './gateway-watch.js';
import { postMessageOverRest, postPaperOverRest, threadName } from './post-paper.js';
import { registerCommands } from './register.js';
import { REACTION_INTENTS, REACTION_PARTIALS, watchReactions } from './reactions.js';
import { abstractMarker, CUSTOM_ID, queryFromFooter, renderAbstractMessages, renderChoices, renderReply, type DiscordPayload } from './render.js';
import { restOptions } from './rest-policy.js';
import { threadPapers } from './thread-papers.js';

/** What a button or a menu choice arrives as. */
type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

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
  /** `on`: reply to messages holding paper links (needs the privileged Message Content intent; adapters/discord/link-replies.ts). */
  linkReplies?: 'on' | 'off';
}

export interface DiscordAdapterOptions {
  bot: PaperBot;
  settings: DiscordSettings;
  logger: Logger;
  /** REST timeout and retries (discord.js defaults: 15 s, 3); tests use small ones. */
  rest?: { timeout?: number; retries?: number };
  /**
   * `at-start` (default): start() opens the gateway session. `on-demand`:
   * start() readies REST only, and connectGateway / disconnectGateway open and
   * close the session: a bot token may hold one session per shard, so with
   * several replicas only the holder of the gateway lease connects.
   */
  gateway?: 'at-start' | 'on-demand';
  /** Aborted at shutdown: from then on nothing more is sent to Discord, and rate-limit waits end. */
  abandon?: AbortSignal;
}

/** The running Discord adapter. */
export interface DiscordAdapter extends ChatAdapter {
  /** Opens the gateway session (a new discord.js Client: one cannot log in again once destroyed); `signal` gives up a login under way. */
  connectGateway(signal?: AbortSignal): Promise<void>;
  /** Closes it; REST (the daily post) keeps working. */
  disconnectGateway(): Promise<void>;
  /** The gateway client while a session is open. */
  readonly client: Client | undefined;
}

/** A login not READY by then is reported as a connection down (it goes on until READY_TIMEOUT_MS). */
const SLOW_LOGIN_MS = 10_000;
/** How long a gateway login may take to be READY before it counts as failed. */
const READY_TIMEOUT_MS = 30_000;

/** Discord's error codes that mean "paperbot may not do that here". */
const PERMISSION_CODES = new Set([50001, 50013]);
const THREAD_EXISTS = 160004;
/** Unknown Channel, Unknown User, Missing Access, Cannot send messages to this user: paperbot can never post there again. */
const GONE_CODES = new Set([10003, 10013, 50001, 50007]);
/** Discord's error codes, read for the core (src/conversation/failures.ts says what they mean and what the asker is told). */
const DISCORD_FAULTS: PlatformFaults = {
  platform: 'discord',
  classify(err) {
    const code = err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined;
    return { gone: code !== undefined && GONE_CODES.has(code), ...(code !== undefined && PERMISSION_CODES.has(code) ? { fix: 'permission' as const } : {}), detail: describe(err) };
  },
  invite: 'Add me to this channel',
  permissions: 'Send Messages, Create Public Threads or Send Messages in Threads',
};
/** The core's answer comes from memory in milliseconds; past this, the interaction is deferred without waiting for it. */
const ANSWER_BUDGET_MS = 1_000;
/** discord.js's destroy() waits for the gateway to close, which an unreachable gateway never does. */
const STOP_TIMEOUT_MS = 2_000;

/**
 * Creates the Discord adapter on discord.js. Intents: Guilds (interactions,
 * channels) and GuildMessages (to see mentions; a mention carries its text
 * without the privileged MESSAGE_CONTENT intent).
 */
export function createDiscordAdapter(opts: DiscordAdapterOptions): DiscordAdapter {
  const { bot, settings, logger } = opts;
  // REST with the bot token and no gateway session: the daily post, alerts, command registration.
  // Its policy logs rate limits and stops sending at shutdown (rest-policy.ts).
  const restPolicy = () => restOptions({ apiUrl: settings.apiUrl, logger, abandon: opts.abandon, ...opts.rest });
  const rest = new REST(restPolicy()).setToken(settings.token);
  let client: Client | undefined;
  // One for the adapter, not per client: a retried login must not start the outage's count again.
  const gateway = createGatewayWatch(logger);
  const ephemeralResults = settings.results === 'ephemeral';
  const shareResults = !ephemeralResults;

  const send = (p: DiscordPayload) => ({
    content: p.content,
    embeds: p.embeds,
    components: p.components,
    allowedMentions: { parse: [], repliedUser: false },
    ...(p.files ? { files: p.files.map((f) => ({ attachment: f.data, name: f.name })) } : {}),
  });
  // Channel messages carry a nonce Discord enforces, so a send that discord.js retries after a 5xx
  // creates one message, not two. (Interaction responses are idempotent by token and need none.)
  const sendOnce = (p: DiscordPayload) => ({ ...send(p), nonce: SnowflakeUtil.generate().toString(), enforceNonce: true });

  const contextOf = (i: ChatInputCommandInteraction | ComponentInteraction): CommandContext => ({
    channel: `discord:${i.channelId}`,
    user: i.user.id,
    canManageChannel: Boolean(i.memberPermissions?.has(PermissionFlagsBits.ManageChannels)),
    // Outside a server, the interaction is a direct message: follows made there are the person's own.
    direct: !i.inGuild(),
    ...(i.guildId ? { team: i.guildId } : {}),
  });

  // Discord allows 3 s for the first response to an interaction: each handler acknowledges
  // (defers) before rendering, which takes long for a long abstract, and before waiting on
  // anything slow (a store, a thread, several sends).

  async function onCommand(i: ChatInputCommandInteraction) {
    // The answer is usually ready at once and says whether it is private. One that takes
    // longer (a slow store) is deferred with the visibility the core expects (a reading list
    // is private), since a deferral's visibility cannot change.
    const event = { kind: 'command' as const, text: i.options.getString('query') ?? '', context: contextOf(i), shareResults };
    const answering = bot.handle(event);
    const early = await within(answering, ANSWER_BUDGET_MS);
    const deferredPublic = (early?.visibility ?? bot.visibilityAhead(event)) === 'public';
    await i.deferReply(deferredPublic ? {} : { flags: MessageFlags.Ephemeral });
    const answer = early ?? (await answering);
    if (deferredPublic && answer.visibility === 'asker') {
      // Expected public, turned out private (a late confirmation or error): never into the channel.
      // The first follow-up after a deferral would fill the deferral's public message, so that is
      // filled first and deleted once the private answer is sent.
      await i.editReply({ content: 'Answered privately.', embeds: [], components: [] });
      await i.followUp({ ...send(renderReply(answer.reply)), flags: MessageFlags.Ephemeral });
      await i.deleteReply();
      return;
    }
    await i.editReply(send(renderReply(answer.reply)));
  }

  /** A button or a menu choice: the core's action id is the custom id, or the chosen option's value. */
  async function onComponent(i: ComponentInteraction) {
    const id = i.isStringSelectMenu() ? (i.values[0] ?? '') : i.customId;
    const ref = CUSTOM_ID.parse(id);
    // Paging needs the query, which the results message keeps in its footer.
    const query = ref?.kind === 'page' ? queryFromFooter(i.message.embeds[0]?.footer?.text) : undefined;
    // Ephemeral messages cannot have threads: an abstract asked for there is answered to the clicker.
    const threadable = !(ephemeralResults || i.message.flags.has(MessageFlags.Ephemeral) || !i.inGuild());
    // A message's thread has the message's id, so the core can keep its abstracts to once per thread before the thread exists.
    const thread: EventThread = { id: i.message.id, holdsAbstract: (paperId) => threadHoldsAbstract(i.message, paperId) };
    const event = { kind: 'action' as const, id, query, context: contextOf(i), shareResults, threadable, ...(threadable ? { thread } : {}) };
    if (ref === undefined || (ref.kind === 'page' && query === undefined)) {
      // Nothing slow to do: the core says what is wrong with the button, at once.
      const { reply } = await bot.handle(event);
      await i.reply({ ...send(renderReply(reply)), flags: MessageFlags.Ephemeral });
      return;
    }
    // Acknowledge before anything slow: a page replaces the message; every other answer is
    // private (an abstract goes to the thread, and the clicker is told where).
    if (ref.kind === 'page') await i.deferUpdate();
    else await i.deferReply({ flags: MessageFlags.Ephemeral });
    const answer = await bot.handle(event);
    const { reply, placement } = answer;
    if (reply.kind === 'abstract' && placement === 'thread') {
      let posted: ThreadChannel;
      try {
        posted = await threadFor(i.message, reply.paper.title);
        for (const part of renderAbstractMessages(reply.paper)) await posted.send(sendOnce(part));
      } catch (err) {
        // Not posted: the core frees its claim, so asking again can post it.
        await answer.deliveryFailed?.();
        throw err;
      }
      await i.editReply({ content: `Abstract posted in the thread <#${posted.id}>.` });
      return;
    }
    if (reply.kind === 'abstract') {
      const parts = renderAbstractMessages(reply.paper);
      await i.editReply(send(parts[0]!));
      for (const part of parts.slice(1)) await i.followUp({ ...send(part), flags: MessageFlags.Ephemeral });
      return;
    }
    await i.editReply(send(renderReply(reply)));
  }

  /** The thread on a message: the existing one, or a new one named after the paper. */
  async function threadFor(message: Message, title: string): Promise<ThreadChannel> {
    if (message.thread) return message.thread;
    try {
      return await message.startThread({ name: threadName(title), autoArchiveDuration: 1440 });
    } catch (err) {
      // Someone (or another click) made it meanwhile; a message's thread has the message's id.
      if (err instanceof DiscordAPIError && err.code === THREAD_EXISTS) {
        const existing = await message.client.channels.fetch(message.id);
        if (existing?.isThread()) return existing;
      }
      throw err;
    }
  }

  /** Whether the thread on a message (if it has one yet) holds a paper's abstract: the probe the core asks after a restart. */
  async function threadHoldsAbstract(message: Message, paperId: string): Promise<boolean> {
    const thread = message.thread ?? (await message.client.channels.fetch(message.id).catch(() => null));
    return thread?.isThread() ? hasAbstract(thread, paperId) : false;
  }

  async function hasAbstract(thread: ThreadChannel, paperId: string): Promise<boolean> {
    const marker = abstractMarker(paperId);
    const recent = await thread.messages.fetch({ limit: 100 });
    return recent.some((m) => m.author.id === thread.client.user.id && m.embeds.some((e) => e.footer?.text.startsWith(marker)));
  }

  async function onMention(message: Message) {
    if (message.author.bot || !message.mentions.users.has(message.client.user.id)) return;
    const text = message.content.replace(/<@!?\d+>/g, ' ').trim();
    const canManage = async () => (message.inGuild() ? Boolean(message.member?.permissionsIn(message.channelId).has(PermissionFlagsBits.ManageChannels)) : false);
    // In a thread, "abstract 2" means paper 2 of the message the thread hangs on, and an abstract goes there once.
    const inThread = message.channel?.isThread() ? message.channel : undefined;
    const context: CommandContext = {
      channel: `discord:${message.channelId}`,
      user: message.author.id,
      canManageChannel: canManage,
      direct: !message.inGuild(),
      ...(message.guildId ? { team: message.guildId } : {}),
      ...(inThread ? { threadPapers: () => threadPapers(rest, inThread.id) } : {}),
    };
    const thread = inThread
      ? { threadable: true, thread: { id: inThread.id, channel: `discord:${inThread.parentId ?? inThread.id}`, holdsAbstract: (paperId: string) => hasAbstract(inThread, paperId) } }
      : {};
    const answer = await bot.handle({ kind: 'mention', text, context, shareResults, ...thread });
    if (answer.placement === 'thread' && answer.reply.kind === 'abstract') {
      try {
        for (const part of renderAbstractMessages(answer.reply.paper)) await message.reply(sendOnce(part));
      } catch (err) {
        await answer.deliveryFailed?.();
        throw err;
      }
      return;
    }
    await message.reply(sendOnce(renderReply(answer.reply)));
  }

  const onInteraction = (i: Interaction) => {
    const what = `handling a Discord ${i.isButton() || i.isStringSelectMenu() ? `component (${i.customId.slice(0, 40)})` : i.isAutocomplete() ? 'autocomplete' : 'command'}`;
    void withErrorContext({ what }, async () => {
      try {
        if (i.isAutocomplete()) {
          if (i.commandName !== PAPER_COMMAND.name) return;
          await i.respond(renderChoices(bot.complete(String(i.options.getFocused()), 25)));
        } else if (i.isChatInputCommand() && i.commandName === PAPER_COMMAND.name) {
          await onCommand(i);
        } else if (i.isMessageContextMenuCommand() && i.commandName === PAPER_INFO_COMMAND.name) {
          await answerPaperInfo(i, bot);
        } else if (i.isButton() || i.isStringSelectMenu()) {
          await onComponent(i);
        }
      } catch (err) {
        logger.error(`discord: handling an interaction failed: ${describe(err)}`);
        if (i.isRepliable()) {
          const content = failureText(DISCORD_FAULTS, err);
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
  };

  const linkReplies = settings.linkReplies === 'on' ? { bot, logger, limiter: channelLimiter(LINK_REPLY_LIMIT), send: (m: Message, p: DiscordPayload) => m.reply(sendOnce(p)) } : undefined;

  const onMessage = (message: Message) => {
    withErrorContext({ what: 'answering a Discord mention' }, () =>
      onMention(message).catch((err: unknown) => logger.error(`discord: answering a mention failed: ${describe(err)}`)),
    );
    // A mention is answered above; any other message may hold paper links, when that mode is on.
    if (linkReplies && !message.author.bot && !message.mentions.users.has(message.client.user.id)) {
      withErrorContext({ what: 'answering paper links on Discord' }, () =>
        replyToLinks(message, linkReplies).catch((err: unknown) => logger.error(`discord: replying to paper links failed: ${describe(err)}`)),
      );
    }
  };

  /** A gateway client with paperbot's handlers (one per session: a destroyed client cannot log in again). */
  function newClient(): Client {
    const c = new Client({
      // Message Content (privileged) only for link replies, which read messages paperbot is not mentioned in.
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, ...REACTION_INTENTS, ...(linkReplies ? [GatewayIntentBits.MessageContent] : [])],
      partials: [...REACTION_PARTIALS],
      rest: restPolicy(),
      // Nothing paperbot sends may ping anyone, whatever the text says.
      allowedMentions: { parse: [], repliedUser: false },
    });
    c.on(Events.InteractionCreate, onInteraction);
    c.on(Events.MessageCreate, onMessage);
    watchReactions(c, { bot, logger });
    return c;
  }

  async function connectGateway(signal?: AbortSignal): Promise<void> {
    if (client) return;
    signal?.throwIfAborted();
    const c = newClient();
    client = c;
    gateway.attach(c);
    // discord.js keeps trying an unreachable gateway without a word; a login this slow counts as down.
    const waiting = setTimeout(() => gateway.down(`not connected within ${SLOW_LOGIN_MS / 1000} s`), SLOW_LOGIN_MS);
    // Stepping down (a leader that could not renew its lease) must not wait for a login to finish.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Error('stopped while connecting to the gateway'));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    void aborted.catch(() => undefined);
    try {
      const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
      const login = c.login(settings.token);
      void login.catch(() => undefined);
      await Promise.race([login, aborted]);
      await Promise.race([withTimeout(ready, READY_TIMEOUT_MS, `the gateway sent no READY within ${READY_TIMEOUT_MS / 1000} s`), aborted]);
    } catch (err) {
      if (client === c) client = undefined;
      await destroy(c);
      if (!signal?.aborted) gateway.down(describe(err));
      throw err;
    } finally {
      clearTimeout(waiting);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
    gateway.up();
    logger.info(`discord: connected to the gateway as ${c.user?.tag ?? 'paperbot'}`);
    if (settings.register === 'auto' && c.application) {
      await registerCommands({ rest, applicationId: c.application.id, guildId: settings.guildId, logger }).catch((err: unknown) =>
        logger.error(`discord: registering /paper failed: ${describe(err)}; run npm run register`),
      );
    }
  }

  async function disconnectGateway(): Promise<void> {
    const c = client;
    client = undefined;
    if (!c) return;
    gateway.closed();
    await destroy(c);
    logger.info('discord: gateway session closed');
  }

  /** discord.js's destroy() waits for the gateway to close, which an unreachable gateway never does. */
  async function destroy(c: Client): Promise<void> {
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
    if ((await Promise.race([c.destroy().then(() => 'done' as const), timer])) === 'timeout') {
      logger.warn(`discord: the gateway connection did not close within ${STOP_TIMEOUT_MS / 1000} s; leaving it`);
    }
  }

  return {
    platform: 'discord',
    get client() {
      return client;
    },
    connectGateway,
    disconnectGateway,
    async start() {
      // Every replica checks the token over REST first: a rejected one stops the bot with one clear
      // line, whichever replica would open the gateway. Discord being unreachable is not fatal here.
      try {
        await rest.get(Routes.user());
      } catch (err) {
        if (err instanceof DiscordAPIError && (err.status === 401 || err.status === 403)) {
          throw new Error(`the Discord token was rejected (${err.status} ${err.message}): check DISCORD_TOKEN`);
        }
        logger.warn(`discord: cannot check the token now (${describe(err)}); going on`);
      }
      if (opts.gateway === 'on-demand') logger.info('discord: REST ready; the gateway session opens on one replica at a time');
      else await connectGateway();
    },
    async stop() {
      await disconnectGateway();
    },
    health() {
      if (client) return client.isReady() ? { ok: true, detail: 'gateway session open' } : { ok: false, detail: 'connecting to the gateway' };
      return opts.gateway === 'on-demand' ? { ok: true, detail: 'REST only: the gateway session is on the replica holding the lease' } : { ok: false, detail: 'not connected' };
    },
    async post(target: PostTarget, reply: Reply): Promise<PostedPaper> {
      discordChannelId(target.id);
      try {
        // Over REST, like the daily post: any replica may send it, with or without the gateway session.
        return await postMessageOverRest(rest, target, renderReply(reply));
      } catch (err) {
        throw postFailure(DISCORD_FAULTS, target.id, err);
      }
    },
    async postPaper(channelId: string, paper: PaperView): Promise<PostedPaper> {
      discordChannelId(channelId);
      try {
        return await postPaperOverRest(rest, channelId, paper);
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

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
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
