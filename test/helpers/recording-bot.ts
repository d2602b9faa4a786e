import { createPaperBot, type CommandContext, type PaperBot, type PaperBotOptions } from '../../src/commands/answer.js';
import { mayManageChannel } from '../../src/commands/command-module.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { NOW, sampleLibrary } from './sample.js';

/**
 * The sample library plus one hostile paper (dated Apr 22), and a bot that
 * records the command context each typed command or mention got, for the
 * adapters' end-to-end tests. Manager rights, which adapters resolve lazily,
 * are recorded resolved; a thread's papers are left out.
 */
export function recordingBot(hostile: { title: string; abstract: string }, options: PaperBotOptions = {}) {
  const library = sampleLibrary();
  library.addDigest(parseDigest(`Apr 22\n\n${hostile.title}\n\n${hostile.abstract}\n`, { fileName: 'hostile.txt', now: NOW }));
  const core = createPaperBot(library, { rng: () => 0, ...options });
  const contexts: (CommandContext | undefined)[] = [];
  const bot: PaperBot = {
    ...core,
    handle: async (event) => {
      if (event.kind !== 'action') {
        const { threadPapers: _, ...context } = event.context;
        const index = contexts.push(context) - 1;
        contexts[index] = { ...context, canManageChannel: await mayManageChannel(event.context) };
      }
      return core.handle(event);
    },
  };
  return { library, core, bot, contexts };
}
