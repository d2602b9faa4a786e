import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter, PostedPaper, PostTarget } from '../../src/adapter.js';
import type { PaperBot } from '../../src/commands/answer.js';
import type { PaperSummary, PaperView, Reply } from '../../src/commands/reply.js';
import { renderAbstract, renderPaper, renderText } from './render-text.js';

/** Options for the console adapter; streams are injectable for tests. */
export interface ConsoleAdapterOptions {
  bot: PaperBot;
  input: Readable;
  output: Writable;
  /** Show a prompt (only when a person is typing). */
  interactive: boolean;
}

/** The console chat: stdin lines in, rendered replies out. */
export interface ConsoleAdapter extends ChatAdapter {
  /** Resolves when the input ends (Ctrl-D, end of a pipe, or `quit`). */
  readonly finished: Promise<void>;
  /** Holds the first answer until `ready` settles (the live source's first sync), so piped queries see fresh papers. */
  waitFor(ready: Promise<unknown>): void;
}

const PROMPT = 'paper> ';

/**
 * Runs paperbot as a terminal chat. The console stands in for a channel
 * (`console`), and "abstracts in threads" become an indented follow-up the
 * user asks for with `abstract N`.
 */
export function createConsoleAdapter(opts: ConsoleAdapterOptions): ConsoleAdapter {
  const { bot, output } = opts;
  const say = (text: string) => output.write(`${text}\n`);
  // What "abstract N" and "more" refer to: the last list and search shown.
  let listed: PaperSummary[] = [];
  let shown: PaperView | undefined;
  let lastSearch: { query: string; page: number; pageCount: number } | undefined;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  let rl: ReturnType<typeof createInterface> | undefined;
  let gate: Promise<void> = Promise.resolve();

  const remember = (reply: Reply) => {
    if (reply.kind === 'results' || reply.kind === 'today' || reply.kind === 'list') {
      listed = reply.hits;
      shown = undefined;
      lastSearch = reply.kind === 'results' ? { query: reply.query, page: reply.page, pageCount: reply.pageCount } : undefined;
    } else if (reply.kind === 'paper') {
      shown = reply.paper;
      listed = [];
    }
  };

  const handle = async (line: string): Promise<boolean> => {
    const text = line.trim();
    const word = text.toLowerCase();
    if (word === 'quit' || word === 'exit' || word === '/quit') return false;
    if (text === '') return true;
    const abstract = /^(?:\/paper\s+)?(?:abstract|abs|a)(?:\s+#?(\S+))?$/i.exec(text);
    if (abstract) {
      const n = abstract[1];
      let id: string | undefined;
      if (n === undefined) id = shown?.id ?? (listed.length === 1 ? listed[0]!.id : undefined);
      else if (/^\d+$/.test(n)) id = listed[Number(n) - 1]?.id;
      if (!id) {
        const count = listed.length;
        say(
          count > 0
            ? `Sorry: pick a number from 1 to ${count}, e.g. "abstract 1".`
            : 'Sorry: search first, then type "abstract N" to read result N.',
        );
        return true;
      }
      say(renderText(await bot.abstractOf(id)));
      return true;
    }
    if (word === 'more') {
      if (!lastSearch || lastSearch.page >= lastSearch.pageCount) {
        say(lastSearch ? 'That was the last page.' : 'Sorry: "more" continues a search; search first.');
        return true;
      }
      const reply = await bot.run({ kind: 'search', query: lastSearch.query, page: lastSearch.page + 1 });
      remember(reply);
      say(renderText(reply));
      return true;
    }
    // The console is its own channel, and whoever runs it manages it.
    const reply = await bot.answer(text, { channel: 'console', user: 'console', canManageChannel: true });
    remember(reply);
    say(renderText(reply));
    return true;
  };

  return {
    platform: 'console',
    finished,
    waitFor(ready) {
      gate = ready.then(
        () => undefined,
        () => undefined,
      );
    },
    async start() {
      rl = createInterface({ input: opts.input, terminal: false, crlfDelay: Infinity });
      if (opts.interactive) {
        say('paperbot console. Type "/paper <words>" to search, "help" for commands, Ctrl-D to quit.');
        output.write(PROMPT);
      }
      let quit = false;
      // Answers are asynchronous; lines are answered one after another, in order, after `waitFor`.
      let queue = Promise.resolve();
      rl.on('line', (line) => {
        queue = queue.then(() => gate).then(async () => {
          // readline still delivers lines it had buffered after close().
          if (quit) return;
          let keepGoing = true;
          try {
            keepGoing = await handle(line);
          } catch (err) {
            say(`Sorry: that failed (${err instanceof Error ? err.message : String(err)}).`);
          }
          if (!keepGoing) {
            quit = true;
            rl?.close();
          } else if (opts.interactive) output.write(PROMPT);
        });
      });
      rl.on('close', () => void queue.then(() => resolveFinished()));
    },
    async stop() {
      rl?.close();
    },
    async post(target: PostTarget, reply: Reply): Promise<PostedPaper> {
      say(`\n[${target.person ? 'message for you' : `post for #${target.id}`}]`);
      say(renderText(reply));
      // "abstract N" after an alert means paper N of the alert.
      remember(reply);
      return { channel: target.id, messageId: `console-${Date.now()}` };
    },
    async postPaper(channel: string, paper: PaperView): Promise<PostedPaper> {
      say(`\n[daily paper for #${channel}]`);
      say(renderPaper('Today\u2019s top trending paper', paper));
      say(renderAbstract(paper));
      return { channel, messageId: `console-${Date.now()}` };
    },
  };
}
