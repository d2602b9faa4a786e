import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.js';
import type { PaperBot } from '../../src/commands/answer.js';
import { ACTION_MENUS, paperActionId } from '../../src/conversation/actions.js';
import { createLogger } from '../../src/ops/logger.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from '../discord/fake-discord.js';
import { adapterContract, type AdapterSession, type Said } from './adapter-contract.js';

// Discord through its fake (test/discord/fake-discord.ts): interactions and
// mentions dispatched on the fake gateway to the real discord.js client, the
// answers read from the interaction callbacks, their edits and the channel
// and thread messages the fake keeps.

const TOKEN = 'fake-discord-bot-token.'.padEnd(60, 'x');
type Json = Record<string, unknown>;
type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string }; author?: { name: string } };
type Component = { type: number; custom_id: string; label?: string; disabled?: boolean; options?: { label: string; value: string }[] };
type Body = { content?: string; embeds?: Embed[]; components?: { components: Component[] }[]; allowed_mentions?: unknown; flags?: number };

/** Discord markdown as a reader sees it: escapes and the zero-width spaces that defuse mentions removed. */
const unescape = (s: string) => s.replace(/\\([\\*_~`|>#\-[\]()@<:])/g, '$1').replace(/\u200b/g, '').replace(/\s+/g, ' ').trim();

/** The strings of a message body Discord renders as markdown, with mentions: content, embed titles, descriptions, fields. */
function markdown(body: Body): string[] {
  return [body.content ?? '', ...(body.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].filter(Boolean);
}

/** The plain-text strings (no markdown, no mentions): embed authors and footers, button and option labels. */
function plainStrings(body: Body): string[] {
  const labels = (body.components ?? []).flatMap((r) => r.components.flatMap((c) => [c.label ?? '', ...(c.options ?? []).map((o) => o.label)]));
  return [...(body.embeds ?? []).flatMap((e) => [e.author?.name ?? '', e.footer?.text ?? '']), ...labels].filter(Boolean);
}

function said(body: Body, visibility: Said['visibility'], message?: Json): Said {
  const fields = body.embeds?.[0]?.fields ?? [];
  const results = fields.flatMap((f) => {
    const m = /^(\d+)\. (.+)$/.exec(f.name);
    return m ? [{ n: Number(m[1]), title: unescape(m[2]!) }] : [];
  });
  // Menu option values and custom ids are data handed back on a click, never shown.
  const raw = JSON.stringify({ markdown: markdown(body), plain: plainStrings(body), allowed_mentions: body.allowed_mentions ?? null });
  return { text: unescape([...markdown(body), ...plainStrings(body)].join('\n')), visibility, raw, results, handle: message === undefined ? undefined : structuredClone(message) };
}

async function discordSession(first: PaperBot): Promise<AdapterSession> {
  const fake = await new FakeDiscord().start();
  let adapter: DiscordAdapter;
  const open = async (bot: PaperBot) => {
    const before = fake.identifies.length;
    adapter = createDiscordAdapter({
      bot,
      logger: createLogger({ level: 'silent' }),
      settings: { token: TOKEN, guildId: GUILD_ID, apiUrl: fake.apiUrl, results: 'channel', register: 'off' },
      rest: { timeout: 3000, retries: 2 },
    });
    await adapter.start();
    await fake.until(() => fake.identifies.length > before && fake.gatewayCount === 1);
    // Ready once the guild is known (GUILD_CREATE follows READY).
    await fake.until(() => adapter.client?.guilds.cache.get(GUILD_ID)?.available);
  };
  await open(first);

  const channelMessages = () => fake.messages.get(CHANNEL_ID) ?? [];
  /**
   * Dispatches an interaction and reads what its user sees: the reply, or after a
   * deferral the edit of the deferred response; its visibility is the first callback's.
   */
  const interact = async (interaction: Json): Promise<{ body: Body; visibility: Said['visibility']; type: number }> => {
    const before = fake.callbacks().length;
    fake.dispatch('INTERACTION_CREATE', interaction);
    const cb = (await fake.until(() => fake.callbacks()[before])) as { type: number; data?: Body };
    const visibility = ((cb.data?.flags ?? 0) & 64) === 64 ? 'asker' : 'public';
    if (cb.type !== 5 && cb.type !== 6) return { body: cb.data ?? {}, visibility, type: cb.type };
    const edit = await fake.until(() => fake.webhookCalls(interaction)[0]);
    return { body: edit.body as Body, visibility, type: cb.type };
  };
  const messageOf = (on: Said) => {
    const message = on.handle as Json | undefined;
    if (!message) throw new Error('that answer is not a message in the channel');
    return message;
  };
  const isAbstract = (m: Json) => ((m.embeds as Embed[] | undefined)?.[0]?.title ?? '').startsWith('Abstract: ');
  const threadAbstracts = (message: Json) => (fake.messages.get(String(message.id)) ?? []).filter(isAbstract);

  /** Uses a menu entry or a button of a message; an abstract posted in its thread is what the channel sees. */
  const use = async (message: Json, interaction: Json): Promise<Said> => {
    const { body, visibility, type } = await interact(interaction);
    if (/^Abstract posted in the thread/.test(body.content ?? '')) return said(threadAbstracts(message).at(-1) as Body, 'public');
    // A page replaces the message: what it is now is what the next click uses.
    if (type === 6) return said(body, 'public', channelMessages().find((m) => m.id === message.id));
    return said(body, visibility);
  };

  return {
    async command(text) {
      const { body, visibility } = await interact(fake.slashCommand(text));
      return said(body, visibility, visibility === 'public' ? channelMessages().at(-1) : undefined);
    },
    async commandAs(_user, text) {
      const interaction = fake.slashCommand(text);
      const member = interaction.member as Record<string, unknown>;
      interaction.member = { ...member, user: { ...(member.user as Record<string, unknown>), id: '400000000000000042', username: 'another', global_name: 'Another' } };
      const { body, visibility } = await interact(interaction);
      return said(body, visibility);
    },
    act(on, kind, n) {
      const message = messageOf(on);
      const menu = ACTION_MENUS.find((m) => m.kinds.includes(kind))!;
      const rows = (message.components as { components: Component[] }[] | undefined) ?? [];
      const select = rows.flatMap((r) => r.components).find((c) => c.custom_id === `menu:${menu.id}`);
      // A menu holding several kinds names the action first ("Watch: 1. ..."): the value says which kind an entry is.
      const prefix = paperActionId(kind, '');
      const value = select?.options?.find((o) => o.value.startsWith(prefix) && (o.label.startsWith(`${n}. `) || o.label.includes(`: ${n}. `)))?.value;
      if (!value) throw new Error(`no ${kind} entry for result ${n} in that message`);
      return use(message, fake.select(`menu:${menu.id}`, value, message));
    },
    next(on) {
      const message = messageOf(on);
      const rows = (message.components as { components: Component[] }[] | undefined) ?? [];
      const next = rows.flatMap((r) => r.components).find((c) => c.label === 'Next' && !c.disabled);
      if (!next) throw new Error('that message has no Next button');
      return use(message, fake.button(next.custom_id, message));
    },
    forged(on) {
      const message = messageOf(on);
      return use(message, fake.button('abs:not-a-paper', message));
    },
    async mention(text, inThreadOf) {
      // A thread a person started on the message, announced to the bot (THREAD_CREATE), or the results channel.
      const channel = inThreadOf ? String(fake.openThread(messageOf(inThreadOf)).id) : CHANNEL_ID;
      const path = new RegExp(`^/channels/${channel}/messages$`);
      const from = fake.callsTo('POST', path).length;
      fake.dispatch('MESSAGE_CREATE', fake.mention(text, channel));
      const posted = await fake.until(() => fake.callsTo('POST', path)[from]);
      return said(posted.body as Body, 'public');
    },
    async abstractsInThread(of) {
      return threadAbstracts(messageOf(of)).length;
    },
    async restart(bot) {
      await adapter.stop();
      await fake.until(() => fake.gatewayCount === 0);
      await open(bot);
    },
    async stop() {
      await adapter.stop();
      await fake.stop();
    },
  };
}

adapterContract({
  name: 'Discord',
  can: { buttons: true, threads: true, visibility: true, mentions: true },
  start: discordSession,
  hazards(s) {
    const found: string[] = [];
    const parsed = JSON.parse(s.raw) as { markdown: string[]; plain: string[]; allowed_mentions: unknown };
    if (JSON.stringify(parsed.allowed_mentions) !== JSON.stringify({ parse: [], replied_user: false })) found.push(`mentions allowed: ${JSON.stringify(parsed.allowed_mentions)}`);
    // Footers, authors and labels are plain text on Discord (no markdown, no mentions): only controls matter there.
    if (/[\u0000-\u001f\u007f]/.test(parsed.plain.join(''))) found.push('a control character in plain text');
    // Inside a code block (BibTeX) nothing is markdown and nothing pings.
    const text = parsed.markdown.join('\n').replace(/```[\s\S]*?```/g, '');
    for (const [what, pattern] of [
      ['a live @everyone or @here', /@(?:everyone|here)/],
      ['a live user or role mention', /<@[!&]?\d+>/],
      ['unescaped bold', /(?<!\\)\*\*bold/],
      ['an unescaped spoiler', /(?<![\\|])\|\|(?:spoiler|x)/],
      ['a control character', /[\u0000-\u0008\u000b-\u001f\u007f]/],
    ] as const) {
      if (pattern.test(text)) found.push(what);
    }
    return found;
  },
});
