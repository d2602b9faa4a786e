import { describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render-text.js';
import { renderReply as renderDiscord, renderAbstractMessages as discordAbstract } from '../../adapters/discord/render.js';
import { renderReply as renderSlack, renderAbstractMessages as slackAbstract } from '../../adapters/slack/render.js';
import { createPaperBot } from '../../src/commands/answer.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import type { PaperView, Reply } from '../../src/commands/reply.js';
import { sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

// Answers that were true but read as wrong: a negative page searched as words,
// a catch-up post shown as an odd time, bidi overrides that reorder a title.

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

describe('page numbers', () => {
  it('reads "page -1" and "page 0" as page 1 with a note, not as search words', () => {
    for (const text of ['diffusion page -1', 'diffusion page 0', 'diffusion p -3']) {
      const parsed = parseCommand(text);
      expect(parsed.command).toEqual({ kind: 'search', query: 'diffusion', page: 1 });
      expect(parsed.notes).toEqual(['Pages are numbered from 1; here is page 1.']);
    }
  });

  it('reads a page past any limit as the last page, not as search words', async () => {
    expect(parseCommand('x page 99999999').command).toEqual({ kind: 'search', query: 'x', page: 1000 });
    const reply = await createPaperBot(sampleLibrary()).answer('sparse autoencoders page 99999999');
    expect(reply).toMatchObject({ kind: 'results', page: 2, notes: [expect.stringContaining('only 2 pages')] });
  });
});

describe('subscribing after the day\u2019s time has passed', () => {
  const manager = { channel: 'slack:C1', user: 'U1', canManageChannel: true };
  const botAt = (iso: string) => {
    const store = openStore();
    return createPaperBot(sampleLibrary(), { store, now: () => new Date(iso), dailyDefaults: { time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6] } });
  };

  it('says plainly that today\u2019s paper comes now, then daily at the time asked', async () => {
    const bot = botAt('2026-11-29T19:58:00Z');
    const reply = await bot.answer('subscribe 08:00', manager);
    expect(reply).toMatchObject({
      kind: 'info',
      lines: ['Next: today\u2019s paper, now: Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control (#1 on 2026-04-21); then every day at 08:00 UTC.'],
    });
    expect(JSON.stringify(reply)).not.toContain('19:5');
    expect(await bot.answer('next', manager)).toMatchObject({ lines: [expect.stringMatching(/^Next: today\u2019s paper, now: /)] });
  });

  it('gives the day and time when the next post is in the future', async () => {
    const reply = await botAt('2026-11-29T07:00:00Z').answer('subscribe 08:00', manager);
    expect(reply).toMatchObject({ lines: [expect.stringMatching(/\(#1 on 2026-04-21\), Sun, Nov 29, 08:00 UTC\.$/)] });
  });
});

describe('bidi overrides in digest text', () => {
  const RLO = '\u202e';
  const paper: PaperView = {
    id: '0123456789ab',
    title: `Evil ${RLO}gnp.exe Title`,
    date: '2026-04-21',
    rank: 1,
    snippet: `snip ${RLO}pet`,
    digestCount: 1,
    abstract: `We ${RLO}study\u2066 a problem.`,
    links: [{ label: 'arXiv', url: 'https://arxiv.org/abs/x' }],
  };
  const replies: Reply[] = [
    { kind: 'results', query: `q${RLO}`, page: 1, pageCount: 1, pageSize: 5, total: 1, hits: [paper], notes: [`note${RLO}`] },
    { kind: 'paper', heading: 'A random paper', paper, notes: [] },
    { kind: 'abstract', paper, notes: [] },
    { kind: 'info', title: `t${RLO}`, lines: [`l${RLO}`], notes: [] },
    { kind: 'error', message: `e${RLO}`, notes: [] },
  ];
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it('never reach the console, Slack or Discord, even from a stored paper that still has them', () => {
    for (const reply of replies) {
      expect(renderText(reply)).not.toMatch(BIDI);
      expect(JSON.stringify(renderSlack(reply))).not.toMatch(BIDI);
      expect(JSON.stringify(renderDiscord(reply))).not.toMatch(BIDI);
    }
    expect(JSON.stringify([slackAbstract(paper), discordAbstract(paper)])).not.toMatch(BIDI);
  });
});
