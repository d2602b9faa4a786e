import { createPaperBot, type CommandContext, type PaperBot } from '../../src/commands/answer.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { NOW, sampleLibrary } from './sample.js';

/**
 * The sample library plus one hostile paper (dated Apr 22), and a bot that
 * records the command context each answer got, for the adapters' end-to-end tests.
 */
export function recordingBot(hostile: { title: string; abstract: string }) {
  const library = sampleLibrary();
  library.addDigest(parseDigest(`Apr 22\n\n${hostile.title}\n\n${hostile.abstract}\n`, { fileName: 'hostile.txt', now: NOW }));
  const core = createPaperBot(library, { rng: () => 0 });
  const contexts: (CommandContext | undefined)[] = [];
  const bot: PaperBot = { ...core, answer: (text, ctx) => (contexts.push(ctx), core.answer(text, ctx)) };
  return { library, core, bot, contexts };
}
