// Builds test/fixtures/hf-daily-real/papers.json from a local clone of the public
// archive 2404589803/hf-daily-paper-newsletter-chinese (folder
// Paper_metadata_download/: one Hugging Face daily_papers API response per day).
//
//   npx tsx bench/recommend-fixture.ts <path to the clone's git dir> [commit]
//
// Which papers: those the API gave AI keywords for (2025-03-11 on), each once
// (its first day), from every third such day (days 1, 4, 7, ...): 2,115 papers over
// a year and a half, the fewest whole days at which each narrow topic of the
// benchmark has at least 12 papers (every fourth day left autonomous driving
// with 6), while base rates stay those of the real feed. Written gzipped.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ApiItem = z.object({
  paper: z.object({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    upvotes: z.number().optional(),
    ai_keywords: z.array(z.string()).optional(),
  }),
});

const FOLDER = 'Paper_metadata_download/';
const [gitDir, commit = 'HEAD'] = process.argv.slice(2);
if (!gitDir) throw new Error('usage: tsx bench/recommend-fixture.ts <git dir> [commit]');
const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 1 << 28 }).toString();

const resolved = git('rev-parse', commit).trim();
const files = git('ls-tree', '--name-only', resolved, FOLDER).trim().split('\n').sort();
interface Row { date: string; arxivId: string; title: string; abstract: string; aiKeywords: string[]; upvotes: number }
const seen = new Set<string>();
const byDay = new Map<string, Row[]>();
for (const file of files) {
  const date = /(\d{4}-\d\d-\d\d)\.json$/.exec(file)?.[1];
  if (!date) continue;
  const parsed = z.array(ApiItem).safeParse(JSON.parse(git('show', `${resolved}:${file}`)));
  if (!parsed.success) continue; // a few days hold an error object, not a listing
  for (const { paper } of parsed.data) {
    if (seen.has(paper.id)) continue;
    seen.add(paper.id);
    const abstract = paper.summary.replace(/\s+/g, ' ').trim();
    if (!paper.ai_keywords?.length || abstract.length < 100) continue;
    const row = { date, arxivId: paper.id, title: paper.title.replace(/\s+/g, ' ').trim(), abstract, aiKeywords: paper.ai_keywords, upvotes: paper.upvotes ?? 0 };
    byDay.set(date, [...(byDay.get(date) ?? []), row]);
  }
}
const days = [...byDay.keys()].sort();
const rows = days.filter((_, i) => i % 3 === 1).flatMap((d) => byDay.get(d)!);
const out = fileURLToPath(new URL('../test/fixtures/hf-daily-real/papers.json.gz', import.meta.url));
writeFileSync(out, gzipSync(`[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`, { level: 9 }));
const kept = days.filter((_, i) => i % 3 === 1);
console.log(`${rows.length} papers from ${kept.length} days (${kept[0]} .. ${kept.at(-1)}), commit ${resolved}`);
