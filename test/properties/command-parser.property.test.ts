import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render-text.js';
import { createPaperBot } from '../../src/commands/answer.js';
import { MAX_QUERY_LENGTH, parseCommand } from '../../src/commands/parse-command.js';
import { HELP_ENTRIES } from '../../src/commands/registry.js';
import { createLogger } from '../../src/ops/logger.js';
import { sampleLibrary } from '../helpers/sample.js';
import { hostileText } from './arbitraries.js';

// Users type anything after /paper. Every string gets exactly one answer: a
// command the registry's schema accepts, or a problem that shows a usage line.

const keyword = fc.constantFrom('', '/paper ', 'today', 'random', 'help', 'show', 'subscribe', 'unsubscribe', 'subscriptions', 'next', 'page', 'p', '-1', '0', '99999999999999999999', '08:00', 'Europe/Paris', 'Mars/Olympus', '25:99', '0123456789ab', 'watch', 'watches', 'unwatch', 'all', '2511.10000', 'https://arxiv.org/abs/2511.10000v2', 'result 2');
const commandLike = fc.array(fc.oneof(keyword, hostileText(3)), { maxLength: 6 }).map((parts) => parts.join(' '));
const anyInput = fc.oneof(hostileText(), commandLike, fc.string({ unit: 'binary', maxLength: 300 }));
const usages = HELP_ENTRIES.map((e) => e.usage);

describe('the command parser, on any string', () => {
  it('returns a command or a problem naming a usage, never throws', () => {
    fc.assert(
      fc.property(anyInput, (text) => {
        const parsed = parseCommand(text);
        if (parsed.command === undefined) {
          expect(parsed.problem).toMatch(/^I could not read that command\. (Usage: |Try \/paper help)/);
          if (parsed.problem.includes('Usage: ')) expect(usages).toContain(parsed.problem.split('Usage: ')[1]);
          return;
        }
        if (parsed.command.kind === 'search') {
          expect(parsed.command.query.length).toBeGreaterThan(0);
          expect(parsed.command.query.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
          expect(parsed.command.page).toBeGreaterThanOrEqual(1);
          // No control, zero-width or bidi character survives into a query.
          expect(parsed.command.query).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
          expect(parsed.command.query).not.toMatch(/[\ud800-\udbff]$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('gets exactly one reply from the bot for every string, never a rejection or a stack trace', async () => {
    const lines: string[] = [];
    const bot = createPaperBot(sampleLibrary(), { rng: () => 0, logger: createLogger({ level: 'error', write: (l) => lines.push(l) }) });
    await fc.assert(
      fc.asyncProperty(anyInput, async (text) => {
        const reply = await bot.answer(text, { channel: 'console', user: 'u', canManageChannel: false });
        expect(reply.kind).toBeTypeOf('string');
        const shown = renderText(reply);
        expect(shown.trim().length).toBeGreaterThan(0);
        expect(shown).not.toMatch(/\n\s+at .*:\d+:\d+/);
      }),
      { numRuns: 300 },
    );
    // No answer was an internal failure.
    expect(lines).toEqual([]);
  });
});
