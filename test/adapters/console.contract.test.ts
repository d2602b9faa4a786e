import { PassThrough } from 'node:stream';
import { createConsoleAdapter, type ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import type { PaperBot } from '../../src/commands/answer.js';
import { until } from '../helpers/loopback.js';
import { adapterContract, type AdapterSession, type Said } from './adapter-contract.js';

// The console through its public API: lines in on its input stream, the
// replies read back from its output, as a person at a terminal sees them.

const PROMPT = 'paper> ';

/** A console adapter over streams; each answer ends with the next prompt. */
function consoleSession(first: PaperBot): AdapterSession {
  let input = new PassThrough();
  let printed = '';
  let adapter: ConsoleAdapter;
  const open = async (bot: PaperBot) => {
    input = new PassThrough();
    const output = new PassThrough();
    printed = '';
    output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    adapter = createConsoleAdapter({ bot, input, output, interactive: true, width: () => 80 });
    await adapter.start();
    await until(() => printed.endsWith(PROMPT), 5000, 'the console prompt');
  };
  const command = async (text: string): Promise<Said> => {
    const from = printed.length;
    input.write(`${text}\n`);
    await until(() => printed.length > from && printed.endsWith(PROMPT), 5000, `the console's answer to ${text.slice(0, 40)}`);
    const raw = printed.slice(from, -PROMPT.length);
    return { text: raw.replace(/\s+/g, ' ').trim(), raw, visibility: 'public', results: results(raw) };
  };
  const ready = open(first);
  return {
    command: async (text) => (await ready, command(text)),
    act: (_on, kind, n) => command(`${kind} ${n}`),
    next: () => command('more'),
    async restart(bot) {
      await adapter.stop();
      await open(bot);
    },
    async stop() {
      await adapter.stop();
    },
  };
}

/** The console's numbered lines: ` 6. Title` (its first line; the console wraps long titles). */
function results(raw: string): Said['results'] {
  return [...raw.matchAll(/^ ?(\d+)\. (.+)$/gm)].map((m) => ({ n: Number(m[1]), title: m[2]!.trim() }));
}

adapterContract({
  name: 'console',
  can: { buttons: false, threads: false, visibility: false, mentions: false },
  start: async (bot) => consoleSession(bot),
  // Nothing pings on a terminal; what could break it is an escape sequence or a control character.
  hazards: (said) => (/[\u0000-\u0008\u000b-\u001f\u007f\u009b]/.test(said.raw) ? ['a control character reached the terminal'] : []),
});
