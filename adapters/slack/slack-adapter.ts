import { App, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ChatAdapter, PostedPaper, PostTarget } from '../../src/adapter.js';
import type { CommandContext, PaperBot } from '../../src/commands/answer.js';
import type { PaperView, Reply } from '../../src/commands/reply.js';
import { failureText, postFailure, type PlatformFaults } from '../../src/conversation/failures.js';
import type { Answer } from '../../src/conversation/inbound.js';
import type { EventThread } from '../../src/conversation/thread-abstracts.js';
import type { Logger } from '../../src/ops/logger.js';
import { createSlackReceiver, type SlackHttpLimits } from './http-receiver.js';
import { slackChannelId } from './channel-id.js';
import { watchSocket } from './socket-watch.js';
import { webClientOptions } from './web-client-options.js';
import { abstractBlockId, renderAbstractMessages, renderPaperMessage, renderReply, type SlackMessage } from './render.js';
import { ACTION_PATTERN, decodeAction, numberedPapers, ThreadMessagesSchema } from './actions.js';
import type { Visibility } from '../../src/conversation/visibility.js';
import { memoryOnceKeys, type OnceKeys } from '../../src/store/once-keys.js';
import type { HttpRoute } from '../../src/ops/http-routes.js';
import { registerUnfurls } from './unfurls.js';

/** What the Slack adapter needs from configuration. */
export interface SlackSettings {
  botToken: string;
  /** Required in HTTP mode; Bolt verifies every request's signature and age with it. */
  signingSecret?: string;
  /** Set: Socket Mode (no public URL). Unset: HTTP mode on `port` at /slack/events. */
  appToken?: string;
  apiUrl: string;
  port: number;
  host: string;
  /** `channel`: results are posted for everyone (abstracts go to threads); `ephemeral`: only the asker sees them. */
  results: 'channel' | 'ephemeral';
  /** User ids allowed to manage channel settings besides workspace admins and owners. */
  managers: readonly string[];
}

export interface SlackAdapterOptions {
  bot: PaperBot;
  settings: SlackSettings;
  logger: Logger;
  /** WebClient retry policy (p-retry options); tests use a fast one. */
  retryConfig?: { retries: number; minTimeout?: number; maxTimeout?: number; factor?: number };
  /**
   * Event ids already answered. Several replicas share them through the
   * store; the default is this process's memory. (Abstracts posted in threads
   * are the core's: PaperBotOptions.threadAbstracts.)
   */
  once?: { events: OnceKeys };
  /** Extra GET endpoints (health, metrics) served by Bolt's own HTTP server in HTTP mode. */
  routes?: readonly HttpRoute[];
  /** Web API and response_url request timeout (default 15 s); tests use a short one. */
  apiTimeoutMs?: number;
  /** HTTP mode's server timeouts and body limit (see http-receiver.ts); tests use short ones. */
  http?: Partial<SlackHttpLimits>;
  /** Aborted at shutdown: from then on nothing more is sent to Slack, and retries stop. */
  abandon?: AbortSignal;
}

/** The running Slack adapter; `port` is the bound HTTP port in HTTP mode. */
export interface SlackAdapter extends ChatAdapter {
  readonly mode: 'socket' | 'http';
  port(): number | undefined;
}

/** Slack errors that mean paperbot can never post there again (removed, archived, user gone). */
const GONE = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'user_not_found', 'user_disabled', 'account_inactive', 'cannot_dm_bot']);
/** Slack errors an invitation to the channel fixes. */
const NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found']);
/** Slack's error codes, read for the core (src/conversation/failures.ts says what they mean and what the asker is told). */
const SLACK_FAULTS: PlatformFaults = {
  platform: 'slack',
  classify(err) {
    const code = slackErrorCode(err);
    const detail = code ?? (err instanceof Error ? err.message : String(err));
    return { gone: code !== undefined && GONE.has(code), ...(code !== undefined && NOT_IN_CHANNEL.has(code) ? { fix: 'invite' as const } : {}), detail };
  },
  invite: 'Invite me with `/invite @paperbot`',
  permissions: 'the scopes in the app manifest',
};
const SlackErrorSchema = z.object({ data: z.object({ error: z.string() }) });
/** The Slack error code of a Web API failure (`not_in_channel`, ...), if it is one. */
function slackErrorCode(err: unknown): string | undefined {
  const parsed = SlackErrorSchema.safeParse(err);
  return parsed.success ? parsed.data.data.error : undefined;
}

/**
 * Creates the Slack adapter on Bolt. One set of handlers serves both modes:
 * Socket Mode when an app token is configured, else HTTP mode, where Bolt's
 * receiver checks every request's signature and timestamp.
 */
export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const { bot, settings, logger } = opts;
  const mode = settings.appToken ? 'socket' : 'http';
  const clientOptions = webClientOptions({ apiUrl: settings.apiUrl, logger, abandon: opts.abandon, retryConfig: opts.retryConfig, timeoutMs: opts.apiTimeoutMs });
  const http = settings.appToken
    ? undefined
    : createSlackReceiver({
        signingSecret: settings.signingSecret ?? '',
        port: settings.port,
        logger,
        boltLogger: boltLogger(logger),
        limits: opts.http,
        // Health and metrics, served by the same server (GET and HEAD).
        customRoutes: customRoutes(opts.routes ?? [], logger),
      });
  // Socket Mode's own WebClient (apps.connections.open) gets the same options, as Bolt would give it.
  const socket = settings.appToken ? new SocketModeReceiver({ appToken: settings.appToken, logger: boltLogger(logger), installerOptions: { clientOptions } }) : undefined;
  if (socket) watchSocket(socket, logger);
  const app = new App({
    token: settings.botToken,
    logger: boltLogger(logger),
    clientOptions,
    // start() runs auth.test itself (app.init()), so a rejected token is a clear start error,
    // not an unhandled rejection after the server is already listening.
    deferInitialization: true,
    ...(http ? { receiver: http.receiver } : { socketMode: true, receiver: socket }),
  });
  // Events already answered (abstracts already posted are the core's to know).
  const answeredEvents = opts.once?.events ?? memoryOnceKeys(10_000);
  const managerCache = new Map<string, { allowed: boolean; until: number }>();
  let server: Server | undefined;
  let started = false;

  const canManage = async (client: WebClient, user: string): Promise<boolean> => {
    if (settings.managers.includes(user)) return true;
    const cached = managerCache.get(user);
    if (cached && cached.until > Date.now()) return cached.allowed;
    try {
      const info = await client.users.info({ user });
      const allowed = Boolean(info.user?.is_admin || info.user?.is_owner);
      managerCache.set(user, { allowed, until: Date.now() + 10 * 60_000 });
      return allowed;
    } catch (err) {
      logger.warn(`slack: users.info failed for ${user} (${slackErrorCode(err) ?? 'error'}); treating as not a manager`);
      return false;
    }
  };

  /**
   * Who and where, for the core. Manager rights need users.info, so they are
   * asked for only when a command needs them; a mention in a thread can name
   * the papers of the thread's message by number, read from it only then.
   */
  const contextFor = (client: WebClient, channel: string, user: string, threadTs?: string): CommandContext => ({
    channel: `slack:${channel}`,
    user,
    canManageChannel: () => canManage(client, user),
    // Direct-message conversation ids start with D: follows made there are the person's own.
    direct: channel.startsWith('D'),
    ...(threadTs === undefined ? {} : { threadPapers: () => threadPapers(client, channel, threadTs) }),
  });

  /** Posts to a channel, joining it first if Slack says the bot is not in it (public channels only). */
  const post = async (client: WebClient, args: SlackMessage & { channel: string; thread_ts?: string }) => {
    try {
      return await client.chat.postMessage({ ...args, unfurl_links: false, unfurl_media: false });
    } catch (err) {
      if (slackErrorCode(err) !== 'not_in_channel') throw err;
      try {
        await client.conversations.join({ channel: args.channel });
      } catch (joinErr) {
        logger.error(
          `slack: paperbot is not in channel ${args.channel} and cannot join it (${slackErrorCode(joinErr) ?? 'error'}); invite it with /invite @paperbot`,
        );
        throw err;
      }
      logger.info(`slack: joined channel ${args.channel} to post`);
      return client.chat.postMessage({ ...args, unfurl_links: false, unfurl_media: false });
    }
  };

  /** A thread for the core: the parent message's ts, and a probe of whether it holds an abstract (after a restart). */
  const threadOf = (client: WebClient, channel: string, threadTs: string): EventThread => ({
    id: threadTs,
    holdsAbstract: (paperId) => threadHasAbstract(client, channel, threadTs, paperId),
  });

  /** Posts the abstract the core placed in the thread `threadTs`; a failure frees the core's claim on it. */
  const postAbstract = async (client: WebClient, channel: string, threadTs: string, answer: Answer & { reply: { kind: 'abstract'; paper: PaperView } }): Promise<void> => {
    try {
      for (const message of renderAbstractMessages(answer.reply.paper)) await post(client, { channel, thread_ts: threadTs, ...message });
    } catch (err) {
      await answer.deliveryFailed?.();
      throw err;
    }
  };

  const reportFailure = async (respond: RespondFn | undefined, what: string, err: unknown) => {
    logger.error(`slack: ${what} failed: ${SLACK_FAULTS.classify(err).detail}`);
    await respond?.({ response_type: 'ephemeral', replace_original: false, text: failureText(SLACK_FAULTS, err) }).catch(() => undefined);
  };

  const shareResults = settings.results === 'channel';

  app.command('/paper', async ({ command, ack, respond, client }) => {
    // Slack gives 3 seconds: acknowledge first, answer through response_url.
    await ack();
    try {
      const { reply, visibility } = await bot.handle({ kind: 'command', text: command.text, context: contextFor(client, command.channel_id, command.user_id), shareResults });
      await respond({ ...renderReply(reply), response_type: responseType(visibility) });
    } catch (err) {
      await reportFailure(respond, '/paper', err);
    }
  });

  // Every button and menu option of paperbot's messages: decoded to the core's action id and answered by it.
  app.action(ACTION_PATTERN, async ({ ack, body, action, respond, client }) => {
    await ack();
    try {
      if (body.type !== 'block_actions') return;
      const decoded = decodeAction(action);
      if (!decoded) return;
      const channel = body.channel?.id;
      const threadTs = body.message?.thread_ts ?? body.message?.ts ?? body.container?.message_ts;
      // Ephemeral messages cannot have threads: an abstract then replaces the message instead.
      const threadable = !body.container?.is_ephemeral && Boolean(channel) && Boolean(threadTs);
      const thread = threadable ? { thread: threadOf(client, channel!, String(threadTs)) } : {};
      const answer = await bot.handle({ kind: 'action', ...decoded, context: contextFor(client, channel ?? '', body.user.id), shareResults, threadable, ...thread });
      switch (answer.placement) {
        case 'thread': {
          const { reply } = answer;
          if (reply.kind !== 'abstract') break;
          await postAbstract(client, channel!, String(threadTs), { ...answer, reply });
          return;
        }
        case 'replace':
          await respond({ ...renderReply(answer.reply), replace_original: true });
          return;
        case 'reply':
          if (answer.reply.kind === 'abstract') {
            const [first] = renderAbstractMessages(answer.reply.paper);
            await respond({ ...first!, response_type: 'ephemeral', replace_original: true });
            return;
          }
          break;
        default:
          answer.placement satisfies never;
      }
      await respond({ ...renderReply(answer.reply), response_type: responseType(answer.visibility), replace_original: false });
    } catch (err) {
      await reportFailure(respond, `the ${'action_id' in action ? action.action_id : 'unknown'} action`, err);
    }
  });

  app.event('app_mention', async ({ event, context, body, client }) => {
    // Slack re-sends an event it thinks was not acknowledged in time; the first
    // delivery was (or is being) answered, so a retry must not answer again.
    // Keyed by event_id, which a retry keeps (context.retryNum counts the retries).
    const eventId = 'event_id' in body ? String(body.event_id) : `${event.channel}:${event.ts}`;
    if (!(await answeredEvents.claim(eventId))) {
      logger.debug(`slack: ignored retry ${context.retryNum ?? '?'} of event ${eventId}`);
      return;
    }
    // A mention is answered in its thread (a new one on the mention when it is not in one).
    const threadTs = event.thread_ts ?? event.ts;
    const text = (event.text ?? '').replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ').trim();
    try {
      const answer = await bot.handle({
        kind: 'mention',
        text,
        context: contextFor(client, event.channel, event.user ?? '', event.thread_ts),
        shareResults,
        threadable: true,
        thread: threadOf(client, event.channel, threadTs),
      });
      const { reply } = answer;
      if (answer.placement === 'thread' && reply.kind === 'abstract') {
        await postAbstract(client, event.channel, threadTs, { ...answer, reply });
        return;
      }
      await post(client, { channel: event.channel, thread_ts: threadTs, ...renderReply(reply) });
    } catch (err) {
      logger.error(`slack: answering a mention failed: ${slackErrorCode(err) ?? (err instanceof Error ? err.message : String(err))}`);
    }
  });

  registerUnfurls(app, { bot, logger, events: answeredEvents });

  app.error(async (err) => {
    logger.error(`slack: ${err.code ?? 'error'}: ${err.message}`);
  });


  /** Whether a thread already holds a paper's abstract (its first block carries the paper's block id). */
  async function threadHasAbstract(client: WebClient, channel: string, threadTs: string, paperId: string): Promise<boolean> {
    try {
      const res = ThreadMessagesSchema.parse(await client.conversations.replies({ channel, ts: threadTs, limit: 200 }));
      return (res.messages ?? []).some((m) => (m.blocks ?? []).some((b) => b.block_id === abstractBlockId(paperId)));
    } catch (err) {
      logger.debug(`slack: cannot read thread ${threadTs} in ${channel} (${slackErrorCode(err) ?? 'error'}); relying on memory`);
      return false;
    }
  }

  /** The papers of a thread's parent message, by the numbers it shows them with (read from its menus and buttons). */
  async function threadPapers(client: WebClient, channel: string, threadTs: string): Promise<ReadonlyMap<number, string>> {
    const res = ThreadMessagesSchema.parse(await client.conversations.replies({ channel, ts: threadTs, limit: 1, inclusive: true }));
    return numberedPapers(res.messages?.[0]?.blocks ?? []);
  }

  return {
    platform: 'slack',
    mode,
    port: () => {
      const address = server?.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },
    async start() {
      await app.init().catch((err: unknown) => {
        throw startError(err, 'bot token (SLACK_BOT_TOKEN)', settings.apiUrl);
      });
      if (http) {
        server = (await app.start({ port: settings.port, host: settings.host }, http.serverOptions)) as Server;
        const bound = server.address();
        logger.info(`slack: listening for requests on ${settings.host}:${typeof bound === 'object' && bound ? bound.port : settings.port} at /slack/events (HTTP mode)`);
      } else {
        await app.start().catch((err: unknown) => {
          throw startError(err, 'app token (SLACK_APP_TOKEN)', settings.apiUrl);
        });
        logger.info('slack: connected (Socket Mode)');
      }
      started = true;
    },
    async stop() {
      started = false;
      // Stop accepting; requests in flight get a moment, then their connections close.
      server?.closeIdleConnections();
      const stopping = app.stop().catch(() => undefined);
      const grace = setTimeout(() => server?.closeAllConnections(), 1_000);
      await stopping;
      clearTimeout(grace);
    },
    async post(target: PostTarget, reply: Reply): Promise<PostedPaper> {
      slackChannelId(target.id);
      try {
        // A user id as the channel posts in the app's direct messages with that user.
        const res = await post(app.client, { channel: target.id, ...renderReply(reply) });
        return { channel: target.id, messageId: String(res.ts) };
      } catch (err) {
        throw postFailure(SLACK_FAULTS, target.id, err);
      }
    },
    health: () => ({ ok: started, detail: started ? (mode === 'http' ? `listening on port ${settings.port} (HTTP mode)` : 'connected (Socket Mode)') : 'not started' }),
    async postPaper(channel: string, paper: PaperView): Promise<PostedPaper> {
      slackChannelId(channel);
      const message = renderPaperMessage('Today’s top trending paper', paper);
      const top = await post(app.client, { channel, ...message });
      const ts = String(top.ts);
      try {
        for (const part of renderAbstractMessages(paper)) await post(app.client, { channel, thread_ts: ts, ...part });
      } catch (err) {
        // The post exists; say so, so the caller records it rather than sending it again.
        logger.error(`slack: posted paper ${paper.id} to ${channel} (ts ${ts}) but its abstract failed: ${slackErrorCode(err) ?? String(err)}`);
      }
      return { channel, messageId: ts, threadId: ts };
    },
  };
}

/** Our routes as Bolt's customRoutes (GET and HEAD); a route that throws answers 500 and is logged. */
function customRoutes(routes: readonly HttpRoute[], logger: Logger) {
  return routes.map((route) => ({
    path: route.path,
    method: ['GET', 'HEAD'],
    handler: (req: IncomingMessage, res: ServerResponse) => {
      Promise.resolve()
        .then(() => route.handle(req, res))
        .catch((err: unknown) => {
          logger.error(`http: ${route.path} failed: ${err instanceof Error ? err.message : String(err)}`);
          if (!res.headersSent) res.writeHead(500).end();
        });
    },
  }));
}

/** Slack's answers that mean the token itself is no good. */
const TOKEN_REJECTED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/** A start failure as one clear sentence (main prints "could not start: ..."), never a stack. */
function startError(err: unknown, token: string, apiUrl: string): Error {
  const code = slackErrorCode(err);
  if (code && TOKEN_REJECTED.has(code)) return new Error(`the Slack token was rejected (${code}): check the ${token}`);
  if (code) return new Error(`Slack refused to start the app (${code})`);
  // A WebAPIRequestError wraps fetch's TypeError, which wraps the network error (ECONNREFUSED, ...).
  const original = (err as { original?: Error & { cause?: { code?: string; message?: string } } }).original;
  const cause = original?.cause?.code ?? original?.cause?.message ?? original?.message ?? (err instanceof Error ? err.message : String(err));
  return new Error(`cannot reach Slack at ${apiUrl} (${cause})`);
}

/** The core's visibility as Slack's response type. */
function responseType(visibility: Visibility): 'in_channel' | 'ephemeral' {
  return visibility === 'public' ? 'in_channel' : 'ephemeral';
}

/** Bolt's logger interface over ours, so Bolt's lines share our level and secret masking. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const fmt = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    debug: (...args) => logger.debug(`slack(bolt): ${fmt(args)}`),
    info: (...args) => logger.debug(`slack(bolt): ${fmt(args)}`),
    // The WebClient's line per failed attempt: web-client-options.ts says when Slack fails and when it is back.
    warn: (...args) => (args[0] === 'http request failed' ? logger.debug : logger.warn)(`slack(bolt): ${fmt(args)}`),
    error: (...args) => logger.error(`slack(bolt): ${fmt(args)}`),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
