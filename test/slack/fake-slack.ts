import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeLoopback, listenLoopback, until } from '../helpers/loopback.js';

// A loopback fake of Slack, speaking Slack's wire protocol: the Web API
// (form-encoded POSTs to /api/<method>, bearer token), response_url
// endpoints, and a Socket Mode websocket. It records everything the app
// sends; tests script failures (429, 5xx, Slack errors) per method.

/** One Web API call as received. */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

/** A scripted answer for the next call of a method. */
export interface Scripted {
  /** Never answer (the connection stays open until the fake stops). */
  hang?: boolean;
  /** Answer as usual (or as scripted), this much later. */
  delayMs?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** A message the fake holds, as Slack would after chat.postMessage or a response_url post. */
export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  ephemeral?: boolean;
}

export const BOT_USER_ID = 'UBOT0001';

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  readonly messages: FakeMessage[] = [];
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  readonly admins = new Set<string>();
  /** Files uploaded (files.uploadV2: the upload URL's body, then completeUploadExternal's channel). */
  readonly files: { id: string; filename: string; content?: string; channel?: string; title?: string }[] = [];
  /** Links shared, by message ts or unfurl id (see {@link FakeSlack.linkShared}): chat.unfurl may only name these. */
  readonly #shared = new Map<string, Set<string>>();
  readonly #scripts = new Map<string, Scripted[]>();
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();
  #ts = 1_700_000_000;
  #responseUrls = 0;

  constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#wss = new WebSocketServer({ server: this.#server, path: '/socket' });
    this.#wss.on('connection', (ws) => {
      this.#sockets.add(ws);
      ws.on('message', (data) => this.acks.push(JSON.parse(String(data)) as { envelope_id: string }));
      ws.on('close', () => this.#sockets.delete(ws));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0FAKE' } }));
    });
  }

  async start(): Promise<this> {
    await listenLoopback(this.#server);
    return this;
  }

  async stop(): Promise<void> {
    await closeLoopback(this.#server, this.#wss, this.#sockets);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The Web API base URL to give the app (`SLACK_API_URL`). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Queues answers for the next calls of `method` (then the default answer resumes). */
  script(method: string, ...answers: Scripted[]): void {
    this.#scripts.set(method, [...(this.#scripts.get(method) ?? []), ...answers]);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** A fresh response_url on this fake. */
  responseUrl(): string {
    return `${this.url}/respond/${++this.#responseUrls}`;
  }

  /** Waits until `check` passes, polling; bounded by `timeoutMs`. */
  until<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    return until(check, timeoutMs, 'FakeSlack: condition');
  }

  /** Sends a Socket Mode envelope to every connected client. */
  sendEnvelope(envelope: { envelope_id: string; type: string; payload: unknown; accepts_response_payload?: boolean; retry_attempt?: number; retry_reason?: string }): void {
    for (const ws of this.#sockets) ws.send(JSON.stringify(envelope));
  }

  /** Drops every Socket Mode connection, as a network fault would. */
  dropSockets(): void {
    for (const ws of this.#sockets) ws.terminate();
  }

  get socketCount(): number {
    return this.#sockets.size;
  }

  /**
   * A link_shared event callback for `urls` in a message (or, with
   * `composer`, still in the composer), remembered so chat.unfurl can be
   * checked against it as Slack does (a URL not in the message is refused).
   */
  linkShared(opts: { urls: string[]; eventId: string; channel?: string; ts?: string; composer?: boolean; user?: string }): Record<string, unknown> {
    const ts = opts.ts ?? this.nextTs();
    const unfurlId = opts.composer ? `U0USER01-${opts.eventId}-composer` : `${opts.channel ?? 'CRESULTS'}.${ts.replace('.', '')}.unfurl`;
    this.#shared.set(opts.composer ? unfurlId : ts, new Set(opts.urls));
    if (!opts.composer) this.#shared.set(unfurlId, new Set(opts.urls));
    return {
      token: 'legacy-verification-token',
      team_id: 'T0FAKE',
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: opts.eventId,
      event_time: 1_700_000_000,
      authorizations: [{ team_id: 'T0FAKE', user_id: BOT_USER_ID, is_bot: true }],
      event: {
        type: 'link_shared',
        channel: opts.composer ? 'COMPOSER' : (opts.channel ?? 'CRESULTS'),
        is_bot_user_member: true,
        user: opts.user ?? 'U0USER01',
        message_ts: opts.composer ? unfurlId : ts,
        unfurl_id: unfurlId,
        source: opts.composer ? 'composer' : 'conversations_history',
        links: opts.urls.map((url) => ({ domain: new URL(url.startsWith('http') ? url : `https://${url}`).hostname, url })),
        event_ts: ts,
      },
    };
  }

  nextTs(): string {
    return `${++this.#ts}.000100`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/upload/')) {
      const file = this.files.find((f) => f.id === url.pathname.slice('/upload/'.length));
      if (file) file.content = raw;
      res.writeHead(file ? 200 : 404, { 'content-type': 'text/plain' }).end(file ? 'OK' : 'not found');
      return;
    }
    if (url.pathname.startsWith('/respond/')) {
      const body = JSON.parse(raw) as Record<string, unknown>;
      this.responses.push({ path: url.pathname, body });
      // A response_url post in the channel becomes a message there.
      if (body.response_type === 'in_channel' && !body.replace_original) {
        this.messages.push({ channel: 'CRESULTS', ts: this.nextTs(), text: String(body.text ?? ''), blocks: body.blocks as unknown[] });
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(raw, req.headers['content-type']);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || (args.token as string | undefined);
    this.calls.push({ method, args, token });
    const scripted = this.#scripts.get(method)?.shift();
    if (scripted?.hang) return;
    if (scripted?.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
    if (scripted && (scripted.status !== undefined || scripted.body !== undefined)) {
      res.writeHead(scripted.status ?? 200, { 'content-type': 'application/json', ...scripted.headers });
      res.end(JSON.stringify(scripted.body ?? {}));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.#answer(method, args)));
  }

  #answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'paperbot', team_id: 'T0FAKE', user_id: BOT_USER_ID, bot_id: 'B0FAKE' };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}/socket` };
      case 'chat.postMessage': {
        const message: FakeMessage = { channel: String(args.channel), ts: this.nextTs(), text: String(args.text ?? ''), blocks: args.blocks as unknown[] };
        if (args.thread_ts) message.thread_ts = String(args.thread_ts);
        this.messages.push(message);
        return { ok: true, channel: message.channel, ts: message.ts, message };
      }
      case 'chat.unfurl': {
        // Slack takes channel + ts, or unfurl_id + source; every URL must be one the message holds.
        const key = args.unfurl_id !== undefined ? String(args.unfurl_id) : String(args.ts);
        const shared = this.#shared.get(key);
        if (!shared) return { ok: false, error: 'cannot_find_message' };
        const unfurls = args.unfurls as Record<string, unknown> | undefined;
        if (!unfurls || typeof unfurls !== 'object' || Object.keys(unfurls).some((url) => !shared.has(url))) return { ok: false, error: 'cannot_unfurl_url' };
        return { ok: true };
      }
      case 'conversations.join':
        return { ok: true, channel: { id: args.channel } };
      case 'conversations.replies': {
        // As Slack answers it: `ts` names a thread's parent or any reply in it, and the whole thread
        // comes back, its parent first (when the fake holds it: a mention is not posted here), then
        // the replies within oldest..latest (inclusive when asked), at most `limit` messages in all.
        const held = this.messages.filter((m) => m.channel === args.channel && !m.ephemeral);
        const root = held.find((m) => m.ts === args.ts)?.thread_ts ?? String(args.ts);
        const parent = held.filter((m) => m.ts === root && !m.thread_ts);
        const inclusive = args.inclusive === true || args.inclusive === 'true' || args.inclusive === '1';
        const after = (ts: string, bound: unknown) => bound === undefined || (inclusive ? Number(ts) >= Number(bound) : Number(ts) > Number(bound));
        const before = (ts: string, bound: unknown) => bound === undefined || (inclusive ? Number(ts) <= Number(bound) : Number(ts) < Number(bound));
        const replies = held.filter((m) => m.thread_ts === root && m.ts !== root && after(m.ts, args.oldest) && before(m.ts, args.latest));
        return { ok: true, messages: [...parent, ...replies].slice(0, Number(args.limit ?? 1000)), has_more: false };
      }
      case 'conversations.history': {
        // One message by its ts (latest = oldest = ts, inclusive), as paperbot asks for it; thread
        // replies are not in a channel's history (only in conversations.replies), as on Slack.
        const found = this.messages.filter((m) => m.channel === args.channel && !m.thread_ts && m.ts === args.latest).map((m) => ({ type: 'message', user: BOT_USER_ID, ...m }));
        return { ok: true, messages: found.slice(0, Number(args.limit ?? 100)), has_more: false };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).replace(/^U/, '')}` } };
      case 'files.getUploadURLExternal': {
        const id = `F${this.files.length + 1}`;
        this.files.push({ id, filename: String(args.filename) });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as { id: string; title?: string }[];
        for (const f of list) {
          const file = this.files.find((x) => x.id === f.id);
          if (file) Object.assign(file, { channel: String(args.channel_id ?? ''), title: f.title });
        }
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'users.info': {
        const id = String(args.user);
        return { ok: true, user: { id, is_admin: this.admins.has(id), is_owner: false } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Web API bodies are form-encoded with JSON-encoded object fields (blocks), or JSON. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = ((k === 'blocks' || k === 'attachments') && v.startsWith('[')) || (k === 'unfurls' && v.startsWith('{')) ? JSON.parse(v) : v;
  }
  return out;
}

/** Signs a request body as Slack does: v0= HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POSTs a signed request to the app as Slack would; returns the HTTP status and body. */
export async function sendSigned(
  appUrl: string,
  body: string,
  opts: { secret: string; contentType: string; timestamp?: number; signature?: string; headers?: Record<string, string> },
): Promise<{ status: number; text: string }> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(appUrl, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': opts.signature ?? slackSignature(opts.secret, timestamp, body),
      ...opts.headers,
    },
    body,
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, text: await res.text() };
}

/** The form fields Slack sends for a slash command. */
export function slashCommandFields(text: string, responseUrl: string, user = 'U0USER01', channel = 'CRESULTS'): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: channel,
    channel_name: 'papers',
    user_id: user,
    user_name: 'researcher',
    command: '/paper',
    text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: '123.456.abc',
  };
}

/** A block_actions payload for a button click on a message. */
export function buttonClick(opts: {
  actionId: string;
  value: string;
  message: FakeMessage;
  responseUrl: string;
  user?: string;
  ephemeral?: boolean;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: opts.user ?? 'U0USER01', username: 'researcher', team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: opts.message.ts, channel_id: opts.message.channel, is_ephemeral: Boolean(opts.ephemeral) },
    trigger_id: '123.456.abc',
    team: { id: 'T0FAKE', domain: 'fake' },
    channel: { id: opts.message.channel, name: 'papers' },
    message: opts.ephemeral ? undefined : { type: 'message', ts: opts.message.ts, text: opts.message.text, blocks: opts.message.blocks },
    response_url: opts.responseUrl,
    actions: [{ type: 'button', action_id: opts.actionId, block_id: 'b1', value: opts.value, text: { type: 'plain_text', text: 'x' }, action_ts: '1700000000.1' }],
  };
}

/** A block_actions payload for a choice in a result's overflow menu. */
export function menuChoice(opts: { actionId: string; value: string; message: FakeMessage; responseUrl: string; user?: string }): Record<string, unknown> {
  const click = buttonClick(opts);
  return {
    ...click,
    actions: [{ type: 'overflow', action_id: opts.actionId, block_id: 'b1', selected_option: { text: { type: 'plain_text', text: 'x' }, value: opts.value }, action_ts: '1700000000.1' }],
  };
}

/** An Events API reaction_added / reaction_removed callback on a message. */
export function reactionEvent(opts: { added: boolean; reaction: string; message: FakeMessage; user?: string; itemUser?: string; eventId: string }): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    api_app_id: 'A0FAKE',
    type: 'event_callback',
    event_id: opts.eventId,
    event_time: 1_700_000_000,
    authorizations: [{ team_id: 'T0FAKE', user_id: BOT_USER_ID, is_bot: true }],
    event: {
      type: opts.added ? 'reaction_added' : 'reaction_removed',
      user: opts.user ?? 'U0USER01',
      reaction: opts.reaction,
      item_user: opts.itemUser ?? BOT_USER_ID,
      item: { type: 'message', channel: opts.message.channel, ts: opts.message.ts },
      event_ts: '1700000001.000200',
    },
  };
}

/** An Events API app_mention callback. */
export function mentionEvent(opts: { text: string; channel?: string; ts: string; threadTs?: string; eventId: string }): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    api_app_id: 'A0FAKE',
    type: 'event_callback',
    event_id: opts.eventId,
    event_time: 1_700_000_000,
    authorizations: [{ team_id: 'T0FAKE', user_id: BOT_USER_ID, is_bot: true }],
    event: {
      type: 'app_mention',
      user: 'U0USER01',
      text: opts.text,
      ts: opts.ts,
      channel: opts.channel ?? 'CRESULTS',
      event_ts: opts.ts,
      ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
    },
  };
}
