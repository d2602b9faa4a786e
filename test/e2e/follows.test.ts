import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHfApi, unreachableUrl, type FakeHfApi } from '../huggingface/fake-hf-api.js';
import { fixtureWeeks } from '../huggingface/fixtures.js';
import { runBot, startBot } from '../helpers/run-bot.js';
import { SAMPLE_TEXT } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
// Wide enough that no answer wraps: these tests read whole lines; wrapping has its own (console-terminal).
const WIDE = { COLUMNS: '1000' };
const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

/** Days since the bundled digest's newest day (2026-04-21), as the bot counts them (UTC). */
const ageOfSample = () => Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse('2026-04-21')) / 86_400_000);

describe('npm start: follows, the week, subscriptions', () => {
  it('alerts a follow in the console when a digest dropped into the folder brings a matching paper', async () => {
    const digests = tmp();
    writeFileSync(join(digests, 'hf-daily-papers-apr-21.txt'), SAMPLE_TEXT);
    const bot = startBot({ ...WIDE, DIGEST_DIR: digests, DATA_DIR: tmp(), DIGEST_POLL_SECONDS: '0.2' });
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
    const bot = startBot({ ...WIDE, DIGEST_DIR: digests, DATA_DIR: tmp(), DIGEST_POLL_SECONDS: '0.2' });
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

  it('gathers what one backfill brings into one alert per follow, not one per day', async () => {
    const dataDir = tmp();
    // A follow made offline (HF_API=off)...
    const offline = await runBot('follow zebrafish navigation\n', { ...WIDE, DATA_DIR: dataDir });
    expect(offline.stdout).toContain('Following “zebrafish navigation”');
    // ...then a start whose backfill brings 14 days: 10 weekdays of 3 matching papers each.
    const api = await startFakeHfApi({ days: fixtureWeeks(new Date(), 14) });
    fakes.push(api);
    const run = await runBot('today\n', { ...WIDE, HF_API: 'on', HF_API_URL: api.url, HF_BACKFILL_DAYS: '14', DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(run.stdout.match(/New papers? for “zebrafish navigation”/g)).toEqual(['New papers for “zebrafish navigation”']);
    expect(run.stdout).toContain('and 20 more: /paper zebrafish navigation');
    expect(run.stderr.match(/follows: alerted/g)).toEqual(['follows: alerted']);
    expect(run.stderr).toContain('follows: alerted console of 30 new papers for "zebrafish navigation"');
  });

  it('gathers the digests one look at the folder finds into one alert per follow', async () => {
    const digests = tmp();
    writeFileSync(join(digests, 'hf-daily-papers-apr-21.txt'), SAMPLE_TEXT);
    const bot = startBot({ ...WIDE, DIGEST_DIR: digests, DATA_DIR: tmp(), DIGEST_POLL_SECONDS: '0.2' });
    bot.say('follow zebrafish navigation');
    await bot.waitFor(/Following “zebrafish navigation”/);
    // Written aside (dot files are not digests), then renamed in together, as `npm run ingest` would.
    for (const day of [25, 26, 27]) {
      writeFileSync(join(digests, `.hf-daily-2026-11-${day}.txt`), `Nov ${day}\n\nZebrafish Navigation on Day ${day}\n\nWe study zebrafish navigation. It works.\n`);
    }
    for (const day of [25, 26, 27]) renameSync(join(digests, `.hf-daily-2026-11-${day}.txt`), join(digests, `hf-daily-2026-11-${day}.txt`));
    await bot.waitFor(/New papers for “zebrafish navigation”:\n 1\. Zebrafish Navigation on Day \d+[\s\S]* 3\. Zebrafish Navigation on Day/);
    bot.say('week');
    await bot.waitFor(/The week's best papers, Nov 21 – Nov 27, 2026:/);
    const run = await bot.end();
    expect(run.code).toBe(0);
    expect(run.stdout.match(/New papers? for/g)).toHaveLength(1);
  });

  it('says how old the newest papers are and why: the live source is off', async () => {
    const run = await runBot('today\nweek\n', { ...WIDE, DATA_DIR: tmp() });
    expect(run.code).toBe(0);
    const note = `Note: These are old papers: the newest day here is 2026-04-21, ${ageOfSample()} days ago, because the Hugging Face live source is off (HF_API=off); only the digest folder adds papers.`;
    expect(run.stdout).toContain(`${note}\nTop trending papers of 2026-04-21:`);
    expect(run.stdout).toContain(`${note}\nThe week's best papers, Apr 15 – Apr 21, 2026:`);
  });

  it('says how old the newest papers are and why: Hugging Face cannot be reached', async () => {
    const run = await runBot('today\n', { ...WIDE, DATA_DIR: tmp(), HF_API: 'on', HF_API_URL: await unreachableUrl() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Note: These are old papers: the newest day here is 2026-04-21, ${ageOfSample()} days ago, because Hugging Face cannot be reached (cannot connect (ECONNREFUSED)); paperbot keeps trying.\nTop trending papers of 2026-04-21:`,
    );
  });
});
