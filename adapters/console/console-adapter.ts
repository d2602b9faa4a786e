import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter, PostedPaper, PostTarget } from '../../src/adapter.js';
import type { PaperBot } from '../../src/commands/answer.js';
import type { PaperView, Reply } from '../../src/commands/reply.js';
import { renderAbstract, renderPaper, renderText } from './render-text.js';
import { terminalWidth } from './terminal-width.js';

/** Options for the console adapter; streams are injectable for tests. */
export interface ConsoleAdapterOptions {
  bot: PaperBot;
  input: Readable;
  output: Writable;
  /** Show a prompt (only when a person is typing). */
  interactive: boolean;
  /** Where {@link ConsoleAdapter.log} writes log lines; stderr by default. */
  logOutput?: Writable;
  /** Columns to wrap replies to, read for every reply; by default the terminal's, else COLUMNS, else 80. */
  width?: () => number;
}

/** The console chat: stdin lines in, rendered replies out. */
export interface ConsoleAdapter extends ChatAdapter {
  /** Resolves when the input ends (Ctrl-D, end of a pipe, or `quit`). */
  readonly finished: Promise<void>;
  /** Holds the first answer until `ready` settles (the live source's first sync), so piped queries see fresh papers. */
  waitFor(ready: Promise<unknown>): void;
  /**
   * Writes one log line (no newline) where the user sees it without losing
   * what they are typing: at a prompt, the prompt line is cleared, the log
   * line written, and the prompt drawn again below it with the typed text.
   */
  log(line: string): void;
}

const PROMPT = 'paper> ';

/**
 * Runs paperbot as a terminal chat. The console stands in for a channel
 * (`console`), and "abstracts in threads" become an indented follow-up the
 * user asks for with `abstract N`.
 */
export function createConsoleAdapter(opts: ConsoleAdapterOptions): ConsoleAdapter {
  const { bot, output } = opts;
  const logOutput = opts.logOutput ?? process.stderr;
  const width = opts.width ?? (() => terminalWidth(output as Writable & { columns?: number }));
  // A terminal on both ends: readline edits the line itself, so it knows what is typed and can draw it again.
  const terminal = opts.interactive && Boolean((output as Writable & { isTTY?: boolean }).isTTY);
  const say = (text: string) => output.write(`${text}\n`);
  const render = (reply: Reply) => renderText(reply, width());
  // Whether the prompt is on screen, waiting for a line (a log line then has to go above it).
  let prompting = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  let rl: ReturnType<typeof createInterface> | undefined;
  let gate: Promise<void> = Promise.resolve();

  // The console is its own channel, and whoever runs it manages it. The core
  // remembers what it showed here, so "abstract 6", "cite 6" and "more" need
  // nothing from this adapter.
  const context = { channel: 'console', user: 'console', canManageChannel: true };

  const handle = async (line: string): Promise<boolean> => {
    const text = line.trim();
    const word = text.toLowerCase();
    if (word === 'quit' || word === 'exit' || word === '/quit') return false;
    if (text === '') return true;
    const { reply } = await bot.handle({ kind: 'command', text, context, shareResults: true });
    say(render(reply));
    return true;
  };

  /** Writes what arrives on its own (a log line, a post) above the prompt, which is then drawn again with the typed text. */
  const aside = (write: () => void) => {
    if (!(terminal && prompting && rl)) return write();
    cursorTo(output, 0);
    clearLine(output, 0);
    write();
    // true: the cursor stays where it was in the typed text.
    rl.prompt(true);
  };

  /** Ends the prompt's line when the console closes, so what follows (the shutdown's lines, the shell) starts on a line of its own. */
  const leavePrompt = () => {
    if (terminal && prompting) output.write('\n');
    prompting = false;
  };

  const prompt = () => {
    if (!opts.interactive) return;
    if (terminal) rl?.prompt();
    else output.write(PROMPT);
    prompting = true;
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
    log(line) {
      aside(() => logOutput.write(`${line}\n`));
    },
    async start() {
      rl = terminal
        ? createInterface({ input: opts.input, output, terminal: true, prompt: PROMPT, crlfDelay: Infinity })
        : createInterface({ input: opts.input, terminal: false, crlfDelay: Infinity });
      // In a terminal readline reads keys raw, so Ctrl-C reaches it, not the process: pass it on to the shutdown.
      if (terminal) rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
      if (opts.interactive) {
        say(renderText({ kind: 'info', title: 'paperbot console. Type "/paper <words>" to search, "help" for commands, Ctrl-D to quit.', lines: [], notes: [] }, width()));
        prompt();
      }
      let quit = false;
      // Answers are asynchronous; lines are answered one after another, in order, after `waitFor`.
      let queue = Promise.resolve();
      rl.on('line', (line) => {
        prompting = false;
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
          } else prompt();
        });
      });
      rl.on('close', () => {
        leavePrompt();
        void queue.then(() => resolveFinished());
      });
    },
    async stop() {
      leavePrompt();
      rl?.close();
    },
    async post(target: PostTarget, reply: Reply): Promise<PostedPaper> {
      aside(() => {
        say(`\n[${target.person ? 'message for you' : `post for #${target.id}`}]`);
        say(render(reply));
      });
      // "abstract N" after an alert means paper N of the alert.
      bot.shown(context, reply);
      return { channel: target.id, messageId: `console-${Date.now()}` };
    },
    async postPaper(channel: string, paper: PaperView): Promise<PostedPaper> {
      aside(() => {
        say(`\n[daily paper for #${channel}]`);
        say(renderPaper('Today\u2019s top trending paper', paper, width()));
        say(renderAbstract(paper, width()));
      });
      return { channel, messageId: `console-${Date.now()}` };
    },
  };
}
