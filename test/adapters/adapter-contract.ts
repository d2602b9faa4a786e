import { afterEach, describe, expect, it } from 'vitest';
import { createPaperBot, STORE_UNAVAILABLE, type PaperBot } from '../../src/commands/answer.js';
import type { PaperActionKind } from '../../src/conversation/actions.js';
import { STALE_ACTION } from '../../src/conversation/handle.js';
import { ABSTRACT_ALREADY_IN_THREAD } from '../../src/conversation/thread-abstracts.js';
import { createLogger } from '../../src/ops/logger.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { memoryOnceKeys, sharedOnceKeys } from '../../src/store/once-keys.js';
import { StoreUnavailableError, type Store } from '../../src/store/store.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { NOW, sampleLibrary } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

// The adapter contract: what every chat platform does the same, because the
// core decides it (numbering, visibility, abstracts once per thread, error
// texts) and the adapter only decodes, renders and delivers. Each platform
// runs this one suite through a small driver over its loopback fake (the
// console over its streams, Slack over fake-slack.ts in HTTP and Socket Mode,
// Discord over fake-discord.ts); platform-only behaviour (signatures,
// rendering limits, the gateway, faults) stays in the platform's own tests.

/** A paper whose title and abstract try every platform's tricks: Slack's `<!channel>`, Discord's `@everyone`, markup, emoji. */
export const HOSTILE_TITLE = 'Hostile <!channel> @everyone <@U123> <@123> **bold** ||spoiler|| <https://evil.example|click> 🧪 Attack';
export const HOSTILE_ABSTRACT = `We ping <!here>, @here, <@U999> and <@&456>. ${'Long abstracts with **markdown**, ||spoilers|| & markup <b> are split safely 🧪. '.repeat(80)}`.trim();

/** Something the bot said, as a reader of the platform sees it. */
export interface Said {
  /** Its visible text, unescaped and with whitespace collapsed (titles, fields, sections, the console's lines). */
  text: string;
  /** Who sees it: everyone in the channel, or only the asker (an ephemeral message). */
  visibility: 'public' | 'asker';
  /** The payload as sent (JSON, or the console's text), for the driver's hazard check. */
  raw: string;
  /** The results it lists, by number: the first words of each title (the console wraps long ones). */
  results: { n: number; title: string }[];
  /** The driver's own handle on the message (its buttons and menus, its thread). */
  handle?: unknown;
}

/** One running adapter over its fake platform. */
export interface AdapterSession {
  /** Types a command: `/paper <text>` on Slack and Discord, a line on the console. */
  command(text: string): Promise<Said>;
  /** Uses `kind` on result `n` of a message: its menu entry or overflow option; on the console, typing `<kind> <n>`. */
  act(on: Said, kind: PaperActionKind, n: number): Promise<Said>;
  /** The next page of a results message: its button, or `more`. */
  next(on: Said): Promise<Said>;
  /** Types a command as another person of the same channel (absent: the platform has one user, the console). */
  commandAs?(user: 'other', text: string): Promise<Said>;
  /** Mentions the bot, in the channel or in the thread of a message. */
  mention?(text: string, inThreadOf?: Said): Promise<Said>;
  /** Uses a button or menu entry with an id the core never made (an old message, a forged request). */
  forged?(on: Said): Promise<Said>;
  /** How many abstracts the thread of a message holds. */
  abstractsInThread?(of: Said): Promise<number>;
  /** Stops this adapter and starts a new one (a restart) on the same fake platform, answering with `bot`. */
  restart(bot: PaperBot): Promise<void>;
  stop(): Promise<void>;
}

export interface AdapterDriver {
  name: string;
  /** What the platform has: the suite skips what it does not. */
  can: { buttons: boolean; threads: boolean; visibility: boolean; mentions: boolean };
  start(bot: PaperBot): Promise<AdapterSession>;
  /**
   * What in a message would ping someone or break its markup on this
   * platform (a live `<!channel>`, `@everyone` not defused, mentions allowed,
   * a markup run not escaped, terminal escapes): empty when it is safe.
   */
  hazards(said: Said): string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The first words of a title, enough to tell the papers apart in any rendering. */
const start = (title: string) => title.replace(/\s+/g, ' ').trim().slice(0, 24);
const titleOf = (said: Said, n: number) => {
  const hit = said.results.find((r) => r.n === n);
  expect(hit, `result ${n} in ${said.text.slice(0, 200)}`).toBeDefined();
  return start(hit!.title);
};

/** Runs the contract on one platform. */
export function adapterContract(driver: AdapterDriver): void {
  const tmp = useTmpDir();
  const openStore = useSqliteStores(tmp);
  const sessions: AdapterSession[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.stop();
  });

  const logger = createLogger({ level: 'silent' });
  /** A bot as main.ts builds it: the sample library plus the hostile paper, over a store its restarts share. */
  const botOver = (store: Store, opts: { claims?: 'store' | 'fresh'; storeDown?: boolean } = {}): PaperBot => {
    const library = sampleLibrary();
    library.addDigest(parseDigest(`Apr 22\n\n${HOSTILE_TITLE}\n\n${HOSTILE_ABSTRACT}\n`, { fileName: 'hostile.txt', now: NOW }));
    const threadAbstracts = opts.claims === 'fresh' ? memoryOnceKeys() : sharedOnceKeys({ store, namespace: 'thread:abstract', ttlMs: 86_400_000, logger });
    return createPaperBot(library, { rng: () => 0, store: opts.storeDown ? unreachable() : store, threadAbstracts, logger });
  };
  const started = async (opts: { storeDown?: boolean } = {}) => {
    const store = openStore();
    const session = await driver.start(botOver(store, opts));
    sessions.push(session);
    return { session, store, restart: (claims: 'store' | 'fresh' = 'store') => session.restart(botOver(store, { claims })) };
  };
  const { can } = driver;

  describe(`the adapter contract: ${driver.name}`, () => {
    it('answers a search with numbered results', async () => {
      const { session } = await started();
      const results = await session.command('sparse autoencoders');
      expect(results.text).toContain('sparse autoencoders');
      expect(results.results.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
      expect(results.results[0]!.title).toMatch(/^Adaptive Sparse Allocation/);
      expect(driver.hazards(results)).toEqual([]);
    });

    it('numbers results once across pages: page 2 starts at 6, and abstract, cite and related 6 act on result 6', async () => {
      const { session } = await started();
      const first = await session.command('sparse autoencoders');
      const second = await session.next(first);
      expect(second.results.map((r) => r.n)).toEqual([6, 7]);
      const sixth = titleOf(second, 6);
      expect((await session.act(second, 'abstract', 6)).text).toMatch(new RegExp(`Abstract.{0,6}${escape(sixth)}`));
      expect((await session.act(second, 'cite', 6)).text).toMatch(new RegExp(`(BibTeX|@misc).*${escape(sixth.slice(0, 12))}`));
      expect((await session.act(second, 'related', 6)).text).toContain(`Related to “${sixth}`);
    });

    it.skipIf(!can.buttons)('numbers a page typed as "page 2" like the one paged to: its menus act on result 6', async () => {
      const { session } = await started();
      const second = await session.command('sparse autoencoders page 2');
      expect(second.results.map((r) => r.n)).toEqual([6, 7]);
      expect((await session.act(second, 'cite', 6)).text).toContain(titleOf(second, 6).slice(0, 12));
    });

    it.skipIf(!can.visibility)('shows cite and related only to the asker, and a search to the channel', async () => {
      const { session } = await started();
      const results = await session.command('sparse autoencoders');
      expect(results.visibility).toBe('public');
      const cite = await session.act(results, 'cite', 1);
      expect(cite.text).toContain('@misc{anon2026adaptive');
      expect(cite.visibility).toBe('asker');
      const related = await session.act(results, 'related', 1);
      expect(related.text).toMatch(/Related to “Adaptive Sparse Allocation/);
      expect(related.text).toContain('Towards Principled Evaluations of Sparse Autoencoders');
      expect(related.visibility).toBe('asker');
    });

    it('offers Watch on every result and answers it with the watch command, only to the asker where the platform can', async () => {
      const { session } = await started();
      const results = await session.command('sparse autoencoders');
      const watched = await session.act(results, 'watch', 1);
      // Who may watch for a channel is each platform's manager rule; the answer is the core's either way.
      expect(watched.text).toMatch(/Watching “|Only people who can manage this channel|has no arXiv id/);
      if (can.visibility) expect(watched.visibility).toBe('asker');
      expect(driver.hazards(watched)).toEqual([]);
    });

    it('saves result N of a list to the asker\'s reading list; saved shows it to the asker alone', async () => {
      const { session } = await started();
      const results = await session.command('sparse autoencoders');
      const third = titleOf(results, 3);
      const saved = await session.act(results, 'save', 3);
      expect(saved.text).toMatch(new RegExp(`Saved “${escape(third)}.*to your reading list`));
      if (can.visibility) expect(saved.visibility).toBe('asker');
      expect(driver.hazards(saved)).toEqual([]);
      const list = await session.command('saved');
      expect(list.text).toContain('Your reading list: 1 paper');
      expect(list.results.map((r) => start(r.title))).toEqual([third]);
      if (can.visibility) expect(list.visibility).toBe('asker');
      expect(driver.hazards(list)).toEqual([]);
      // Someone else in the same channel: their own (empty) list, not the asker's.
      if (session.commandAs) {
        const other = await session.commandAs('other', 'saved');
        expect(other.text).not.toContain(third);
        expect(other.results).toEqual([]);
        if (can.visibility) expect(other.visibility).toBe('asker');
      }
    });

    it.skipIf(!can.threads)('posts an abstract in the thread once, also after a restart, and frees it for a restart that lost its claims', async () => {
      const { session, restart } = await started();
      const results = await session.command('sparse autoencoders');
      const abstract = await session.act(results, 'abstract', 1);
      expect(abstract.text).toContain(`Abstract: ${titleOf(results, 1)}`);
      expect(abstract.visibility).toBe('public');
      expect((await session.act(results, 'abstract', 1)).text).toContain(ABSTRACT_ALREADY_IN_THREAD);
      // Another paper of the same message is its own abstract.
      expect((await session.act(results, 'abstract', 2)).text).toContain(`Abstract: ${titleOf(results, 2)}`);
      await restart();
      const again = await session.act(results, 'abstract', 1);
      expect(again.text).toContain(ABSTRACT_ALREADY_IN_THREAD);
      expect(again.visibility).toBe('asker');
      // A restart with no claims at all (a new store): the thread itself says the abstract is there.
      await restart('fresh');
      expect((await session.act(results, 'abstract', 1)).text).toContain(ABSTRACT_ALREADY_IN_THREAD);
      expect(await session.abstractsInThread!(results)).toBe(2);
    });

    it.skipIf(!can.buttons)('keeps buttons and menus working after a restart', async () => {
      const { session, restart } = await started();
      const results = await session.command('sparse autoencoders');
      const second = await session.next(results);
      await restart();
      expect((await session.act(results, 'cite', 1)).text).toContain('@misc{anon2026adaptive');
      expect((await session.act(second, 'related', 6)).text).toContain(`Related to “${titleOf(second, 6)}`);
      expect((await session.next(results)).results.map((r) => r.n)).toEqual([6, 7]);
    });

    it('keeps hostile digest text inert in results, abstracts and citations: no pings, no broken markup', async () => {
      const { session } = await started();
      const results = await session.command('hostile attack');
      const n = results.results.find((r) => r.title.startsWith('Hostile'))?.n;
      expect(n, results.text.slice(0, 300)).toBeDefined();
      expect(driver.hazards(results)).toEqual([]);
      const abstract = await session.act(results, 'abstract', n!);
      expect(abstract.text).toContain('Abstract');
      expect(driver.hazards(abstract)).toEqual([]);
      expect(driver.hazards(await session.act(results, 'cite', n!))).toEqual([]);
    });

    it('keeps hostile typed text inert: mentions, markup, 10 kB, emoji and terminal escapes', async () => {
      const { session } = await started();
      const hostile = `<!channel> @everyone <@U123> <@123> **bold** ||x|| \u001b[2J 🧪 ${'sparse autoencoders '.repeat(500)}`;
      expect(hostile.length).toBeGreaterThan(10_000);
      const long = await session.command(hostile);
      expect(long.text.length).toBeGreaterThan(0);
      expect(driver.hazards(long)).toEqual([]);
      const none = await session.command('zzqxv <!subteam^S0> 🧪 <#C0123>');
      expect(none.text).toMatch(/No papers match/);
      expect(none.visibility).toBe(can.visibility ? 'asker' : 'public');
      expect(driver.hazards(none)).toEqual([]);
    });

    it('answers errors with the helpful text: a command it cannot read, a result it never showed', async () => {
      const { session } = await started();
      expect((await session.command('show')).text).toContain('I could not read that command. Usage: /paper show');
      expect((await session.command('abstract 9')).text).toMatch(/Search first/);
    });

    it('says a command that needs the store is temporarily unavailable while it is down; searches still work', async () => {
      const { session } = await started({ storeDown: true });
      expect((await session.command('subscriptions')).text).toContain(STORE_UNAVAILABLE);
      expect((await session.command('sparse autoencoders')).results).toHaveLength(5);
    });

    it.skipIf(!can.buttons)('answers a button it never made with the core’s words, only to the clicker', async () => {
      const { session } = await started();
      const results = await session.command('sparse autoencoders');
      const stale = await session.forged!(results);
      expect(stale.text).toContain(STALE_ACTION);
      expect(stale.visibility).toBe('asker');
    });

    it.skipIf(!can.mentions)('answers a mention, hostile text inert', async () => {
      const { session } = await started();
      const answer = await session.mention!('<!channel> @everyone quantiz');
      expect(answer.text).toContain('SplitQuant');
      expect(driver.hazards(answer)).toEqual([]);
    });

    it.skipIf(!can.mentions || !can.threads)('numbers a mention in a thread like the message it hangs on: "abstract 2", then "abstract 6" on page 2', async () => {
      const { session } = await started();
      const results = await session.command('sparse autoencoders');
      expect((await session.mention!('abstract 2', results)).text).toContain(`Abstract: ${titleOf(results, 2)}`);
      // The same abstract asked for by menu in that thread is already there: one claim for both ways of asking.
      expect((await session.act(results, 'abstract', 2)).text).toContain(ABSTRACT_ALREADY_IN_THREAD);
      const second = await session.command('sparse autoencoders page 2');
      expect((await session.mention!('abstract 6', second)).text).toContain(`Abstract: ${titleOf(second, 6)}`);
      expect((await session.mention!('quantiz', results)).text).toContain('SplitQuant');
    });
  });
}

/** A store every call of which fails as an unreachable database does. */
function unreachable(): Store {
  return new Proxy({} as Store, {
    get: (_, name) => (name === 'then' ? undefined : () => Promise.reject(new StoreUnavailableError('postgres://db.example/paperbot'))),
  });
}
