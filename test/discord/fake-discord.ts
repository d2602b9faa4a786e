import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeLoopback, listenLoopback, until } from '../helpers/loopback.js';

// A loopback fake of Discord speaking its wire protocol: the REST API under
// /api/v10 (records every call; scriptable failures), GET /gateway/bot
// pointing at its own gateway websocket, and a gateway that does HELLO,
// takes IDENTIFY, sends READY and GUILD_CREATE, answers heartbeats, and then
// delivers the events a test dispatches.

export const APP_ID = '100000000000000001';
export const BOT_ID = '100000000000000002';
export const GUILD_ID = '100000000000000003';
export const CHANNEL_ID = '100000000000000004';
export const USER_ID = '100000000000000005';
export const MANAGE_CHANNELS = 1n << 4n;

export interface RestCall {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

export interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Json = Record<string, unknown>;

const botUser = { id: BOT_ID, username: 'paperbot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };
const humanUser = { id: USER_ID, username: 'researcher', discriminator: '0', global_name: 'Researcher', avatar: null, flags: 0 };
const now = () => new Date().toISOString();

export class FakeDiscord {
  readonly calls: RestCall[] = [];
  readonly identifies: Json[] = [];
  readonly commands = new Map<string, Json[]>();
  readonly messages = new Map<string, Json[]>();
  readonly threads = new Map<string, Json>();
  /** Direct-message channels paperbot opened, by user id. */
  readonly dmChannels = new Map<string, string>();
  readonly #scripts: { method: string; path: RegExp; answer: Scripted }[] = [];
  /** Per interaction token: the message its response is (`@original`), once there is one. */
  readonly #originals = new Map<string, { channel: string; id: string } | { ephemeral: true }>();
  /** Per button interaction token: the message the button was on. */
  readonly #clicked = new Map<string, string>();
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();
  #seq = 0;
  #ids = 200000000000000000n;

  constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#wss = new WebSocketServer({ server: this.#server, path: '/gateway' });
    this.#wss.on('connection', (ws) => {
      this.#sockets.add(ws);
      ws.on('close', () => this.#sockets.delete(ws));
      ws.on('message', (raw) => this.#onGateway(ws, JSON.parse(String(raw)) as { op: number; d: Json }));
      ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    });
    this.messages.set(CHANNEL_ID, []);
  }

  async start(): Promise<this> {
    await listenLoopback(this.#server);
    return this;
  }

  async stop(): Promise<void> {
    await closeLoopback(this.#server, this.#wss, this.#sockets);
  }

  /** What to give discord.js as `rest.api`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api`;
  }

  /** Answers the next matching REST call with `answer` instead of the default. */
  script(method: string, path: RegExp, ...answers: Scripted[]): void {
    for (const answer of answers) this.#scripts.push({ method, path, answer });
  }

  callsTo(method: string, path: RegExp): RestCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  nextId(): string {
    return String(++this.#ids);
  }

  /** Waits until `check` passes, polling; bounded by `timeoutMs`. */
  until<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    return until(check, timeoutMs, 'FakeDiscord: condition');
  }

  /** How many gateway sessions are open (a bot token may hold one per shard). */
  get gatewayCount(): number {
    return this.#sockets.size;
  }

  /** Sends a gateway dispatch (op 0) to every connected client. */
  dispatch(t: string, d: unknown): void {
    for (const ws of this.#sockets) ws.send(JSON.stringify({ op: 0, t, s: ++this.#seq, d }));
  }

  /** A message object as Discord returns it. */
  message(channelId: string, fields: Json, author: Json = botUser): Json {
    return {
      id: this.nextId(),
      channel_id: channelId,
      author,
      content: '',
      timestamp: now(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      ...fields,
    };
  }

  /** An INTERACTION_CREATE for /paper with a query. */
  slashCommand(query: string | undefined, permissions = 0n): Json {
    return this.#interaction(2, { id: '300000000000000001', name: 'paper', type: 1, options: query === undefined ? [] : [{ name: 'query', type: 3, value: query }] }, permissions);
  }

  /** An INTERACTION_CREATE for a message context-menu command (Apps -> `name`) on `target`, which Discord resolves in the data. */
  messageCommand(name: string, target: Json): Json {
    return this.#interaction(2, { id: '300000000000000002', name, type: 3, target_id: target.id, resolved: { messages: { [String(target.id)]: target } } });
  }

  /** A message a person posted in the results channel (held by the fake, as Discord would). */
  userMessage(content: string, fields: Json = {}): Json {
    const message = { ...this.message(CHANNEL_ID, { content, guild_id: GUILD_ID, ...fields }, humanUser) };
    this.messages.get(CHANNEL_ID)!.push(message);
    return message;
  }

  autocomplete(partial: string): Json {
    return this.#interaction(4, { id: '300000000000000001', name: 'paper', type: 1, options: [{ name: 'query', type: 3, value: partial, focused: true }] });
  }

  button(customId: string, message: Json): Json {
    const interaction: Json = { ...this.#interaction(3, { custom_id: customId, component_type: 2 }), message };
    this.#clicked.set(String(interaction.token), String(message.id));
    return interaction;
  }

  /** A choice in a string select menu of a message: the menu's custom id and the chosen option's value. */
  select(customId: string, value: string, message: Json): Json {
    const interaction: Json = { ...this.#interaction(3, { custom_id: customId, component_type: 3, values: [value] }), message };
    this.#clicked.set(String(interaction.token), String(message.id));
    return interaction;
  }

  /**
   * What the app made of an interaction's response after the first callback, in order: edits of the
   * original response (`PATCH …/@original`, e.g. after a deferral) and follow-ups (`POST /webhooks/…`).
   */
  webhookCalls(interaction: Json): RestCall[] {
    const prefix = `/webhooks/${APP_ID}/${String(interaction.token)}`;
    return this.calls.filter((c) => c.path.startsWith(prefix) && (c.method === 'PATCH' || c.method === 'POST'));
  }

  /** The interaction callbacks paperbot sent, in order. */
  callbacks(): { type: number; data?: Json }[] {
    return this.callsTo('POST', /^\/interactions\/\d+\/[^/]+\/callback$/).map((c) => c.body as { type: number; data?: Json });
  }

  #interaction(type: number, data: Json, permissions = 0n): Json {
    const id = this.nextId();
    return {
      id,
      application_id: APP_ID,
      type,
      token: `token-${id}`,
      version: 1,
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: 0, name: 'papers', guild_id: GUILD_ID, permissions: '1071698660929' },
      member: { user: humanUser, roles: [], permissions: String(permissions), joined_at: now(), deaf: false, mute: false, flags: 0 },
      app_permissions: '1071698660929',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': GUILD_ID },
      context: 0,
      data,
    };
  }

  /** A MESSAGE_REACTION_ADD (or _REMOVE) of a standard emoji by a user (default the test's human) on a message. */
  react(added: boolean, message: Json, emoji: string, userId = USER_ID): void {
    const user = { ...humanUser, id: userId, username: `user${userId.slice(-3)}` };
    this.dispatch(added ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', {
      user_id: userId,
      channel_id: message.channel_id,
      message_id: message.id,
      guild_id: GUILD_ID,
      emoji: { id: null, name: emoji },
      burst: false,
      type: 0,
      ...(added ? { member: { user, roles: [], joined_at: now(), deaf: false, mute: false, flags: 0 }, message_author_id: (message.author as Json | undefined)?.id } : {}),
    });
  }

  /**
   * Reactions cleared in bulk, as a moderator (or a bot with Manage Messages) does it: every
   * reaction of a message (MESSAGE_REACTION_REMOVE_ALL), or every user's `emoji` on it
   * (MESSAGE_REACTION_REMOVE_EMOJI). Discord names no user in either.
   */
  clearReactions(message: Json, emoji?: string): void {
    const target = { channel_id: message.channel_id, message_id: message.id, guild_id: GUILD_ID };
    if (emoji === undefined) this.dispatch('MESSAGE_REACTION_REMOVE_ALL', target);
    else this.dispatch('MESSAGE_REACTION_REMOVE_EMOJI', { ...target, emoji: { id: null, name: emoji } });
  }

  /**
   * A thread on a message, as a person would start it: kept here (unless it
   * exists) and announced to the bot with THREAD_CREATE, as Discord does.
   */
  openThread(message: Json, channelId = CHANNEL_ID): Json {
    const id = String(message.id);
    const thread = this.threads.get(id) ?? {
      id,
      type: 11,
      guild_id: GUILD_ID,
      parent_id: channelId,
      name: 'papers',
      owner_id: USER_ID,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now(), locked: false },
    };
    this.threads.set(id, thread);
    if (!this.messages.has(id)) this.messages.set(id, []);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return thread;
  }

  /** A MESSAGE_CREATE in which a user mentions the bot. */
  mention(text: string, channelId = CHANNEL_ID): Json {
    return {
      ...this.message(channelId, { content: `<@${BOT_ID}> ${text}`, mentions: [botUser], guild_id: GUILD_ID }, humanUser),
      member: { roles: [], joined_at: now(), deaf: false, mute: false, flags: 0 },
    };
  }

  #onGateway(ws: WebSocket, payload: { op: number; d: Json }): void {
    if (payload.op === 1) {
      ws.send(JSON.stringify({ op: 11 }));
      return;
    }
    if (payload.op !== 2) return;
    this.identifies.push(payload.d);
    const port = (this.#server.address() as AddressInfo).port;
    ws.send(
      JSON.stringify({
        op: 0,
        t: 'READY',
        s: ++this.#seq,
        d: { v: 10, user: botUser, guilds: [{ id: GUILD_ID, unavailable: true }], session_id: 'fake-session', resume_gateway_url: `ws://127.0.0.1:${port}/gateway`, shard: [0, 1], application: { id: APP_ID, flags: 0 } },
      }),
    );
    ws.send(
      JSON.stringify({
        op: 0,
        t: 'GUILD_CREATE',
        s: ++this.#seq,
        d: {
          id: GUILD_ID,
          name: 'Lab',
          icon: null,
          owner_id: USER_ID,
          afk_timeout: 300,
          verification_level: 0,
          default_message_notifications: 0,
          explicit_content_filter: 0,
          mfa_level: 0,
          nsfw_level: 0,
          premium_tier: 0,
          system_channel_flags: 0,
          preferred_locale: 'en-US',
          premium_progress_bar_enabled: false,
          features: [],
          emojis: [],
          stickers: [],
          roles: [{ id: GUILD_ID, name: '@everyone', permissions: '1071698660929', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
          channels: [{ id: CHANNEL_ID, type: 0, name: 'papers', position: 0, permission_overwrites: [], parent_id: null, topic: null, nsfw: false, rate_limit_per_user: 0, last_message_id: null }],
          threads: [],
          members: [{ user: botUser, roles: [], joined_at: now(), deaf: false, mute: false, flags: 0 }],
          presences: [],
          voice_states: [],
          stage_instances: [],
          guild_scheduled_events: [],
          member_count: 2,
          joined_at: now(),
          large: false,
          unavailable: false,
        },
      }),
    );
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const body = raw === '' ? undefined : parseBody(raw, req.headers['content-type']);
    this.calls.push({ method, path, query: url.search, body });
    const send = (status: number, data?: unknown, headers: Record<string, string> = {}) => {
      if (data === undefined) res.writeHead(status, headers).end();
      else res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(data));
    };
    const scripted = this.#scripts.findIndex((s) => s.method === method && s.path.test(path));
    if (scripted !== -1) {
      const { answer } = this.#scripts.splice(scripted, 1)[0]!;
      send(answer.status, answer.body, answer.headers);
      return;
    }
    const answer = this.#route(method, path, body as Json | undefined);
    if (answer === undefined) send(404, { message: '404: Not Found', code: 0 });
    else send(answer.status, answer.body);
  }

  #route(method: string, path: string, body: Json | undefined): Scripted | undefined {
    const port = (this.#server.address() as AddressInfo).port;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return { status: 200, body: { url: `ws://127.0.0.1:${port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
    }
    if (method === 'GET' && path === '/oauth2/applications/@me') return { status: 200, body: { id: APP_ID, name: 'paperbot' } };
    if ((m = /^\/applications\/\d+(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const key = m[1] ?? 'global';
      if (method === 'GET') return { status: 200, body: this.commands.get(key) ?? [] };
      if (method === 'PUT') {
        const list = ((body as unknown as Json[]) ?? []).map((c) => ({ ...c, id: this.nextId(), application_id: APP_ID, version: '1' }));
        this.commands.set(key, list);
        return { status: 200, body: list };
      }
    }
    if (method === 'POST' && (m = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(path))) {
      const token = m[1]!;
      const cb = body as { type: number; data?: Json };
      const ephemeral = (Number(cb.data?.flags ?? 0) & 64) === 64;
      if (cb.type === 4 || cb.type === 5) {
        // A reply (4) becomes a message in the channel, as on Discord; a deferral (5) a "thinking" one.
        if (ephemeral) this.#originals.set(token, { ephemeral: true });
        else {
          const message = this.message(CHANNEL_ID, { ...(cb.type === 4 ? cb.data : { flags: 128 }), type: 20 });
          this.#store(CHANNEL_ID, message);
          this.#originals.set(token, { channel: CHANNEL_ID, id: String(message.id) });
        }
      } else if (cb.type === 6 || cb.type === 7) {
        // Updating (7) or deferring an update (6) of the message the button was on.
        const id = this.#clicked.get(token);
        if (id) this.#originals.set(token, { channel: CHANNEL_ID, id });
        if (id && cb.type === 7) this.#edit(CHANNEL_ID, id, cb.data ?? {});
      }
      return { status: 204 };
    }
    if ((m = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(path))) {
      const original = this.#originals.get(m[1]!);
      const stored = original && 'id' in original ? original : undefined;
      if (m[2] && method === 'DELETE') {
        if (stored) this.messages.set(stored.channel, (this.messages.get(stored.channel) ?? []).filter((x) => x.id !== stored.id));
        return { status: 204 };
      }
      if (m[2] && method === 'PATCH' && stored) return { status: 200, body: this.#edit(stored.channel, stored.id, body ?? {}) };
      const message = this.message(CHANNEL_ID, { ...(body ?? {}) });
      // A follow-up that is not ephemeral is a new message in the channel.
      if (!m[2] && method === 'POST' && (Number(body?.flags ?? 0) & 64) !== 64) this.#store(CHANNEL_ID, message);
      return { status: 200, body: message };
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === 'POST') {
      const [, parent, messageId] = m as unknown as [string, string, string];
      if (this.threads.has(messageId)) return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
      const thread = {
        id: messageId,
        type: 11,
        guild_id: GUILD_ID,
        parent_id: parent,
        name: body?.name,
        owner_id: BOT_ID,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        flags: 0,
        thread_metadata: { archived: false, auto_archive_duration: body?.auto_archive_duration ?? 1440, archive_timestamp: now(), locked: false },
      };
      this.threads.set(messageId, thread);
      this.messages.set(messageId, []);
      return { status: 201, body: thread };
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) && method === 'GET') {
      const message = (this.messages.get(m[1]!) ?? []).find((x) => x.id === m![2]);
      return message ? { status: 200, body: message } : { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const channel = m[1]!;
      if (method === 'GET') return { status: 200, body: [...(this.messages.get(channel) ?? [])].reverse() };
      if (method === 'POST') {
        const message = this.message(channel, { ...(body ?? {}), ...(this.threads.has(channel) ? { guild_id: GUILD_ID } : {}) });
        this.#store(channel, message);
        return { status: 200, body: message };
      }
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) && method === 'GET') {
      const found = (this.messages.get(m[1]!) ?? []).find((x) => x.id === m![2]);
      return found ? { status: 200, body: found } : { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    }
    if (path === '/users/@me' && method === 'GET') return { status: 200, body: botUser };
    // Direct messages: the user, and the DM channel paperbot opens with them.
    if ((m = /^\/users\/(\d+)$/.exec(path)) && method === 'GET') {
      return m[1] === USER_ID ? { status: 200, body: humanUser } : { status: 404, body: { message: 'Unknown User', code: 10013 } };
    }
    if (path === '/users/@me/channels' && method === 'POST') {
      const recipient = String(body?.recipient_id ?? '');
      if (recipient !== USER_ID) return { status: 400, body: { message: 'Cannot send messages to this user', code: 50007 } };
      const id = this.dmChannels.get(recipient) ?? this.nextId();
      this.dmChannels.set(recipient, id);
      return { status: 200, body: { id, type: 1, last_message_id: null, recipients: [humanUser] } };
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'GET') {
      const thread = this.threads.get(m[1]!);
      return thread ? { status: 200, body: thread } : { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    }
    return undefined;
  }

  /** Applies an edit to a stored message; returns it as Discord would. */
  #edit(channel: string, id: string, fields: Json): Json {
    const message = (this.messages.get(channel) ?? []).find((x) => x.id === id);
    if (!message) return this.message(channel, fields);
    Object.assign(message, fields, { flags: Number(fields.flags ?? 0) & ~128 });
    return message;
  }

  #store(channel: string, message: Json): void {
    const list = this.messages.get(channel) ?? [];
    list.push(message);
    this.messages.set(channel, list);
  }
}

/**
 * A REST body: JSON, or multipart (a message with attachments: discord.js
 * sends `payload_json` and one part per file), read as the JSON payload with
 * the files under `files` (name and text).
 */
function parseBody(raw: string, contentType: string | undefined): unknown {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  if (!contentType?.startsWith('multipart/form-data') || !boundary) return JSON.parse(raw) as unknown;
  const parts = raw.split(`--${boundary[1] ?? boundary[2]}`).slice(1, -1);
  let payload: Record<string, unknown> = {};
  const files: { name: string; content: string }[] = [];
  for (const part of parts) {
    const at = part.indexOf('\r\n\r\n');
    const head = part.slice(0, at);
    const content = part.slice(at + 4).replace(/\r\n$/, '');
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (filename !== undefined) files.push({ name: filename, content });
    else if (/name="payload_json"/.test(head)) payload = JSON.parse(content) as Record<string, unknown>;
  }
  return { ...payload, files };
}
