import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBot } from '../helpers/run-bot.js';
import { SAMPLE_TEXT } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();

describe('npm start: follows, the week, subscriptions', () => {
  it('alerts a follow in the console when a digest dropped into the folder brings a matching paper', async () => {
    const digests = tmp();
    writeFileSync(join(digests, 'hf-daily-papers-apr-21.txt'), SAMPLE_TEXT);
    const bot = startBot({ DIGEST_DIR: digests, DATA_DIR: tmp(), DIGEST_POLL_SECONDS: '0.2' });
    bot.say('follow zebrafish navigation');
    await bot.waitFor(/Following “zebrafish navigation”: new papers that match are posted in this channel as they arrive\./);
    writeFileSync(
      join(digests, 'hf-daily-2026-11-27.txt'),
      'Nov 27\n\nZebrafish Navigation with Spiking Networks\n\nWe study zebrafish navigation. It works.\n\nAn Unrelated Paper on Compilers\n\nCompilers compile. They do.\n',
    );
    const out = await bot.waitFor(/\[post for #console\]\nNew paper for “zebrafish navigation”:\n 1\. Zebrafish Navigation with Spiking Networks/);
    expect(out).not.toContain('Unrelated Paper on Compilers\n    Nov');
    bot.say('abstract 1');
    await bot.waitFor(/↳ Abstract of "Zebrafish Navigation with Spiking Networks"/);
    bot.say('week');
    await bot.waitFor(/The week's best papers, Nov 21 – Nov 27, 2026:\n 1\. Zebrafish Navigation/);
    const run = await bot.end();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('follows: alerted console of 1 new paper for "zebrafish navigation"');
  });

  it('follows an acronym, alerts on a paper that spells it out, lists related papers and searches acronyms', async () => {
    const digests = tmp();
    writeFileSync(join(digests, 'hf-daily-papers-apr-21.txt'), SAMPLE_TEXT);
    const bot = startBot({ DIGEST_DIR: digests, DATA_DIR: tmp(), DIGEST_POLL_SECONDS: '0.2' });
    bot.say('follow MCTS');
    await bot.waitFor(/Following “MCTS”/);
    writeFileSync(
      join(digests, 'hf-daily-2026-11-27.txt'),
      'Nov 27\n\nPlanning Proofs with Monte Carlo Tree Search\n\nWe guide a prover with Monte Carlo tree search. It works.\n\nBeam Search for Compilers\n\nBeam search over syntax trees. It is fast.\n',
    );
    const alert = await bot.waitFor(/New paper for “MCTS”:\n 1\. Planning Proofs with Monte Carlo Tree Search/);
    expect(alert).not.toContain('Beam Search for Compilers');
    bot.say('related sparse autoencoders');
    await bot.waitFor(/Related to “Adaptive Sparse Allocation[^\n]*\n 1\. Towards Principled Evaluations of Sparse Autoencoders/);
    bot.say('MoE');
    await bot.waitFor(/Results for "MoE": 1 match, page 1 of 1\n 1\. Beyond LLaVA-HD: Diving into High-Resolution Large Multimodal Models/);
    bot.say('mixture of experts');
    await bot.waitFor(/Results for "mixture of experts"/);
    const run = await bot.end();
    expect(run.code).toBe(0);
  });
});
