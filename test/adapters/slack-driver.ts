import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.js';
import type { PaperBot } from '../../src/commands/answer.js';
import type { PaperActionKind } from '../../src/conversation/actions.js';
import { createLogger } from '../../src/ops/logger.js';
import { BOT_USER_ID, FakeSlack, buttonClick, menuChoice, mentionEvent, sendSigned, slashCommandFields, type FakeMessage } from '../slack/fake-slack.js';
import type { AdapterDriver, AdapterSession, Said } from './adapter-contract.js';

// Slack through its fake (test/slack/fake-slack.ts), in HTTP mode (signed
// requests to Bolt's receiver) or Socket Mode (envelopes on the fake's
// websocket): the same handlers answer both, and the driver reads what Slack
// would show: response_url answers and chat.postMessage calls.

const SIGNING_SECRET = 'test-signing-secret-0123456789';
const FORM = 'application/x-www-form-urlencoded';
const PREFIX: Record<PaperActionKind, string> = { abstract: 'abs:', save: 'save:', cite: 'cite:', related: 'rel:', watch: 'watch:' };

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { type: string; action_id: string; options?: { value: string }[] };
  elements?: { action_id?: string; value?: string; text?: unknown }[];
};

/** What the driver keeps of a message: the message itself (for its menus and thread). */
interface Handle {
  message?: FakeMessage;
}

/** Every text of a payload (sections, contexts, headers, the fallback), unescaped as a reader sees it. */
function plain(payload: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (key === 'text') out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(payload);
  return unescape(out.join('\n'));
}

const unescape = (s: string) => s.replace(/\u200b/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

function resultsOf(blocks: Block[] | undefined): Said['results'] {
  return (blocks ?? []).flatMap((b) => {
    const n = /^paper_(\d+)$/.exec(b.accessory?.action_id ?? '');
    const title = /^\*(.+)\*$/m.exec(b.text?.text ?? '');
    return n && title ? [{ n: Number(n[1]), title: unescape(title[1]!) }] : [];
  });
}

function said(payload: Record<string, unknown>, visibility: Said['visibility'], message?: FakeMessage): Said {
  // Button and option values are data handed back on a click, never shown: the hazard check reads the rest.
  const raw = JSON.stringify(payload, (key, v: unknown) => (key === 'value' ? undefined : v));
  return { text: plain(payload), visibility, raw, results: resultsOf(payload.blocks as Block[] | undefined), handle: { message } satisfies Handle };
}

export function slackDriver(mode: 'http' | 'socket'): AdapterDriver {
  return {
    name: mode === 'http' ? 'Slack (HTTP mode)' : 'Slack (Socket Mode)',
    can: { buttons: true, threads: true, visibility: true, mentions: true },
    start: (bot) => slackSession(mode, bot),
    hazards(s) {
      const found: string[] = [];
      // Live Slack syntax: a broadcast, a user or channel mention, a link from digest text; and terminal escapes.
      for (const [what, pattern] of [
        ['a live broadcast', /<!(?:channel|here|everyone|subteam)/],
        ['a live user mention', /<@[UW][A-Z0-9]+/],
        ['a live channel link', /<#C[A-Z0-9]+/],
        ['a link from digest text', /<https?:\/\/evil/],
        ['a control character', /\\u00(?:0[0-8bcef]|1[0-9a-f])|\u001b/i],
      ] as const) {
        if (pattern.test(s.raw)) found.push(what);
      }
      return found;
    },
  };
}

async function slackSession(mode: 'http' | 'socket', first: PaperBot): Promise<AdapterSession> {
  const fake = await new FakeSlack().start();
  let adapter: SlackAdapter;
  let appUrl = '';
  let events = 0;
  const open = async (bot: PaperBot) => {
    const sockets = fake.callsOf('apps.connections.open').length;
    adapter = createSlackAdapter({
      bot,
      logger: createLogger({ level: 'silent' }),
      settings: {
        botToken: 'xoxb-test-token',
        ...(mode === 'socket' ? { appToken: 'xapp-test-app-token' } : { signingSecret: SIGNING_SECRET }),
        apiUrl: fake.apiUrl,
        port: 0,
        host: '127.0.0.1',
        results: 'channel',
        managers: [],
      },
      retryConfig: { retries: 2, minTimeout: 5, maxTimeout: 20, factor: 1 },
    });
    await adapter.start();
    appUrl = `http://127.0.0.1:${adapter.port() ?? 0}/slack/events`;
    if (mode === 'socket') await fake.until(() => fake.callsOf('apps.connections.open').length > sockets && fake.socketCount === 1);
  };
  await open(first);

  let envelopes = 0;
  const send = async (type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>) => {
    if (mode === 'socket') {
      const id = `env-${++envelopes}`;
      fake.sendEnvelope({ envelope_id: id, type, payload, accepts_response_payload: type === 'slash_commands' });
      await fake.until(() => fake.acks.find((a) => a.envelope_id === id));
      return;
    }
    const body =
      type === 'slash_commands'
        ? new URLSearchParams(payload as Record<string, string>).toString()
        : type === 'interactive'
          ? new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
          : JSON.stringify(payload);
    const res = await sendSigned(appUrl, body, { secret: SIGNING_SECRET, contentType: type === 'events_api' ? 'application/json' : FORM });
    if (res.status !== 200) throw new Error(`Slack app answered ${res.status}`);
  };
  const responseTo = (url: string) => fake.responses.find((r) => url.endsWith(r.path))?.body;
  /** The first part of an abstract posted in a thread since `from` (its first block marks the paper). */
  const abstractPosted = (threadTs: string, from: number) =>
    fake.callsOf('chat.postMessage').slice(from).find((c) => c.args.thread_ts === threadTs && ((c.args.blocks as Block[] | undefined)?.[0]?.block_id ?? '').startsWith('abstract:'));
  const messageOf = (on: Said) => {
    const message = (on.handle as Handle | undefined)?.message;
    if (!message) throw new Error('that answer is not a message in the channel');
    return message;
  };

  /** Uses a control of a message and reads the answer: the clicker's response, or an abstract posted in the message's thread. */
  const use = async (message: FakeMessage, payload: (responseUrl: string) => Record<string, unknown>): Promise<Said> => {
    const responseUrl = fake.responseUrl();
    const from = fake.callsOf('chat.postMessage').length;
    await send('interactive', payload(responseUrl));
    const answer = await fake.until(() => responseTo(responseUrl) ?? abstractPosted(message.ts, from));
    if ('method' in answer) return said(answer.args as Record<string, unknown>, 'public');
    const body = answer as Record<string, unknown>;
    const replaced = body.replace_original === true && body.response_type !== 'ephemeral';
    return said(body, body.response_type === 'in_channel' || replaced ? 'public' : 'asker', replaced ? { ...message, blocks: body.blocks as unknown[] } : undefined);
  };

  return {
    async command(text) {
      const responseUrl = fake.responseUrl();
      await send('slash_commands', slashCommandFields(text, responseUrl));
      const body = await fake.until(() => responseTo(responseUrl));
      const inChannel = body.response_type === 'in_channel';
      const message = inChannel ? [...fake.messages].reverse().find((m) => m.channel === 'CRESULTS' && !m.thread_ts && JSON.stringify(m.blocks) === JSON.stringify(body.blocks)) : undefined;
      return said(body, inChannel ? 'public' : 'asker', message);
    },
    async commandAs(_user, text) {
      const responseUrl = fake.responseUrl();
      await send('slash_commands', slashCommandFields(text, responseUrl, 'U0OTHER02'));
      const body = await fake.until(() => responseTo(responseUrl));
      return said(body, body.response_type === 'in_channel' ? 'public' : 'asker');
    },
    act(on, kind, n) {
      const message = messageOf(on);
      const menu = (message.blocks as Block[]).find((b) => b.accessory?.action_id === `paper_${n}`)?.accessory;
      const value = menu?.options?.find((o) => o.value.startsWith(PREFIX[kind]))?.value;
      if (!value) throw new Error(`no ${kind} for result ${n} in that message`);
      return use(message, (responseUrl) => menuChoice({ actionId: `paper_${n}`, value, message, responseUrl }));
    },
    next(on) {
      const message = messageOf(on);
      const more = (message.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'more_results');
      if (!more?.value) throw new Error('that message has no More results button');
      return use(message, (responseUrl) => buttonClick({ actionId: 'more_results', value: more.value!, message, responseUrl }));
    },
    forged(on) {
      const message = messageOf(on);
      return use(message, (responseUrl) => menuChoice({ actionId: 'paper_1', value: 'abs:not-a-paper', message, responseUrl }));
    },
    async mention(text, inThreadOf) {
      const ts = fake.nextTs();
      const threadTs = inThreadOf ? messageOf(inThreadOf).ts : undefined;
      const from = fake.callsOf('chat.postMessage').length;
      await send('events_api', mentionEvent({ text: `<@${BOT_USER_ID}> ${text}`, ts, threadTs, eventId: `Ev${++events}` }));
      const posted = await fake.until(() => fake.callsOf('chat.postMessage').slice(from).find((c) => c.args.thread_ts === (threadTs ?? ts)));
      return said(posted.args, 'public');
    },
    async abstractsInThread(of) {
      const ts = messageOf(of).ts;
      return fake.messages.filter((m) => m.thread_ts === ts && ((m.blocks as Block[] | undefined)?.[0]?.block_id ?? '').startsWith('abstract:')).length;
    },
    async restart(bot) {
      await adapter.stop();
      await open(bot);
    },
    async stop() {
      await adapter.stop();
      await fake.stop();
    },
  };
}
