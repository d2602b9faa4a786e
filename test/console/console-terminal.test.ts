import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { createPaperBot } from '../../src/commands/answer.js';
import { sampleLibrary } from '../helpers/sample.js';
import { runBot } from '../helpers/run-bot.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { createScreen } from './screen.js';

// The console as a person sees it in a terminal: replies wrapped to its width,
// never mid-word, and log lines that arrive while they type above the prompt,
// the typed text kept.

/** A terminal `columns` wide: one screen that stdout and stderr both write to. */
function terminal(columns: number) {
  const screen = createScreen();
  const tty = Object.assign(new PassThrough(), { isTTY: true, columns });
  tty.on('data', (c: Buffer) => screen.write(c.toString('utf8')));
  const keyboard = new PassThrough();
  return { screen, tty, keyboard };
}

/** Lets the streams deliver what was written (a few turns of the event loop, bounded). */
async function settle(until: () => boolean) {
  for (let i = 0; i < 200 && !until(); i++) await new Promise((r) => setTimeout(r, 5));
}

/** Lines longer than `width` that are more than one word after their indent (one long word, a URL, may run over). */
function overlong(lines: string[], width: number): string[] {
  return lines.filter((l) => l.length > width && /\S\s+\S/.test(l.trim()));
}

describe('the console in a terminal', () => {
  it('keeps a log line off the prompt and draws the prompt again with what was typed', async () => {
    const { screen, tty, keyboard } = terminal(60);
    const adapter = createConsoleAdapter({ bot: createPaperBot(sampleLibrary(), { rng: () => 0 }), input: keyboard, output: tty, logOutput: tty, interactive: true });
    await adapter.start();
    await settle(() => screen.lines().at(-1) === 'paper>');
    keyboard.write('sparse auto');
    await settle(() => screen.lines().at(-1) === 'paper> sparse auto');
    expect(screen.lines().at(-1)).toBe('paper> sparse auto');

    adapter.log('warn: the daily-papers API cannot be reached (HTTP 503)');
    const lines = screen.lines();
    expect(lines.slice(-2)).toEqual(['warn: the daily-papers API cannot be reached (HTTP 503)', 'paper> sparse auto']);
    expect(screen.cursor()).toEqual({ row: lines.length - 1, col: 'paper> sparse auto'.length });

    // The typed text is still the line being edited: finishing it searches for all of it.
    keyboard.write('encoders\r');
    await settle(() => screen.lines().some((l) => l.startsWith('Results for')));
    expect(screen.lines().join('\n')).toContain('Results for "sparse autoencoders": 7 matches');
    await adapter.stop();
    await adapter.finished;
  });

  it('wraps replies and help to the terminal width, never inside a word', async () => {
    const { screen, tty, keyboard } = terminal(50);
    const adapter = createConsoleAdapter({ bot: createPaperBot(sampleLibrary(), { rng: () => 0 }), input: keyboard, output: tty, interactive: true });
    await adapter.start();
    keyboard.write('help\r');
    await settle(() => screen.lines().some((l) => l.startsWith('Library:')));
    keyboard.write('sparse autoencoders\r');
    await settle(() => screen.lines().some((l) => l.startsWith('Type "abstract N"')));
    const lines = screen.lines();
    expect(overlong(lines, 50)).toEqual([]);
    // Help's descriptions continue in their column, whole words only.
    const help = lines.join('\n');
    expect(help).toMatch(/\/paper subscribe weekly \[team\] \[day\] \[HH:MM\]\n? *\[time\n? *zone\]/);
    expect(help.replace(/\n\s+/g, ' ')).toContain("post the week's five best here weekly; with team, this team's most saved and reacted papers (channel managers)");
    await adapter.stop();
    await adapter.finished;
  });
});

describe('npm start with piped output', () => {
  const tmp = useTmpDir();

  it('wraps to COLUMNS, and to 80 when it is not set', async () => {
    const input = 'help\n/paper sparse autoencoders\nabstract 2\nrandom\n';
    const narrow = await runBot(input, { DATA_DIR: tmp(), COLUMNS: '52' }, 60_000);
    expect(narrow.code).toBe(0);
    const lines = narrow.stdout.split('\n');
    expect(overlong(lines, 52)).toEqual([]);
    expect(narrow.stdout).toContain('Results for "sparse autoencoders": 7');
    const unset = await runBot(input, { DATA_DIR: tmp() }, 60_000);
    expect(unset.code).toBe(0);
    expect(overlong(unset.stdout.split('\n'), 80)).toEqual([]);
    expect(unset.stdout.split('\n').some((l) => l.length > 52)).toBe(true);
  });
});
