// A deterministic generator of digest folders that look like a real archive
// of Hugging Face Daily Papers emails, for benchmarks (see bench/README.md).
//
// Why not reshuffle the sample's few thousand words: every posting list would
// then hold most of the corpus and every figure would be meaningless. Real
// text keeps meeting new words (Heaps' law: distinct terms ~ K * tokens^b,
// b about 0.5 here) while a few words dominate (Zipf). A Pitman-Yor process
// gives both at once, so content words are drawn from one, calibrated against
// distinct-term counts measured on the real archive.

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processTerm, tokenize } from '../src/library/text-terms.js';

/** Bump when the generator's output changes, so cached corpora are rebuilt. */
export const CORPUS_VERSION = 1;
export const DEFAULT_SEED = 20260421;

// Measured on the real archive (9,577 papers over 579 days).
export const DISTINCT_TERM_TARGETS: readonly { papers: number; terms: number }[] = [
  { papers: 1_000, terms: 10_800 },
  { papers: 5_000, terms: 23_000 },
  { papers: 9_600, terms: 33_700 },
];

// Pitman-Yor parameters: discount ~ the Heaps exponent, concentration sets the
// vocabulary's size at a given length. Calibrated with `tsx bench/corpus.ts`.
const PY_DISCOUNT = 0.5;
const PY_CONCENTRATION = 250;

const SAMPLE_PATH = fileURLToPath(new URL('../seeds/hf-daily-papers-apr-21.txt', import.meta.url));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HEADER = ['new', 'Get trending papers in your email inbox!', 'Subscribe', 'byAK and the research community'];
// Function words, most frequent first; drawn with a Zipf law of their own.
const FUNCTION_WORDS = (
  'the of and to a in we for is that with on this by as our are from an which be it can model show these ' +
  'while such both than more also into between through over each other only however thus its their has not'
).split(' ');
const TITLE_JOINERS = ['for', 'of', 'with', 'via', 'in', 'and', 'from', 'on', 'the', 'towards', 'beyond'];

/** One generated paper. */
export interface GeneratedPaper {
  title: string;
  abstract: string;
}

/** One generated digest day. */
export interface GeneratedDay {
  /** `YYYY-MM-DD` */
  date: string;
  papers: GeneratedPaper[];
}

/** sfc32: small, fast, good enough, and the same on every machine. */
export function makeRng(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Content words of the sample digest, most frequent first, in their usual spelling. */
function seedWords(): string[] {
  const text = readFileSync(SAMPLE_PATH, 'utf8');
  const counts = new Map<string, { n: number; spelling: Map<string, number> }>();
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (!term || !/^\p{L}{3,}$/u.test(term) || FUNCTION_WORDS.includes(term)) continue;
    const entry = counts.get(term) ?? { n: 0, spelling: new Map() };
    entry.n++;
    entry.spelling.set(token, (entry.spelling.get(token) ?? 0) + 1);
    counts.set(term, entry);
  }
  return [...counts.entries()]
    .sort((x, y) => y[1].n - x[1].n || (x[0] < y[0] ? -1 : 1))
    .map(([, e]) => [...e.spelling.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0]);
}

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'cr', 'dr', 'gr', 'pr', 'tr', 'st', 'ch', 'th', 'ph', 'pl', 'cl', 'fl', 'sp'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ia', 'io', 'ea', 'ou', 'ai'];
const CODAS = ['', '', '', 'n', 'r', 'l', 'm', 'x', 't', 'nd'];
const SUFFIXES = ['', '', 'tion', 'ity', 'al', 'ive', 'ment', 'ing', 'ize', 'ic', 'or', 'er', 'ance', 'ism'];

/**
 * The vocabulary: word id -> spelling. Ids below the seed count are the real
 * ML words of the sample, most frequent first (the process also creates its
 * most frequent words first); later ids are pronounceable synthetic words,
 * each a distinct search term.
 */
class Vocabulary {
  readonly #words: string[];
  readonly #terms = new Set<string>();
  readonly #rng: () => number;

  constructor(seeds: string[], rng: () => number) {
    this.#words = [...seeds];
    for (const w of seeds) this.#terms.add(processTerm(w)!);
    this.#rng = rng;
  }

  word(id: number): string {
    while (this.#words.length <= id) this.#words.push(this.#synthesize());
    return this.#words[id]!;
  }

  #synthesize(): string {
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(this.#rng() * xs.length)]!;
    for (;;) {
      const syllables = 2 + Math.floor(this.#rng() * 2);
      let w = '';
      for (let i = 0; i < syllables; i++) w += pick(ONSETS) + pick(VOWELS) + (i === syllables - 1 ? '' : pick(CODAS));
      w += pick(SUFFIXES);
      const term = processTerm(w);
      if (term && term.length >= 4 && !this.#terms.has(term)) {
        this.#terms.add(term);
        return w;
      }
    }
  }
}

/** A Pitman-Yor word stream: Zipf frequencies over a vocabulary that grows by Heaps' law. */
class WordStream {
  #history: Int32Array<ArrayBuffer> = new Int32Array(1 << 20);
  #counts: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  #n = 0;
  #k = 0;
  constructor(private readonly rng: () => number) {}

  next(): number {
    const { rng } = this;
    let id: number;
    if (rng() * (this.#n + PY_CONCENTRATION) < PY_CONCENTRATION + PY_DISCOUNT * this.#k) {
      id = this.#k++;
      if (id >= this.#counts.length) this.#counts = grow(this.#counts);
    } else {
      // P(w) ~ count(w) - discount: a uniform pick from the history is
      // proportional to count(w); accepting with (count - d) / count corrects it.
      for (;;) {
        id = this.#history[Math.floor(rng() * this.#n)]!;
        const c = this.#counts[id]!;
        if (rng() * c < c - PY_DISCOUNT) break;
      }
    }
    if (this.#n >= this.#history.length) this.#history = grow(this.#history);
    this.#history[this.#n++] = id;
    this.#counts[id]!++;
    return id;
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Generates papers one by one; a corpus of n papers is the first n of the same stream. */
export class PaperGenerator {
  readonly #rng: () => number;
  readonly #stream: WordStream;
  readonly #vocab: Vocabulary;

  constructor(seed = DEFAULT_SEED) {
    this.#rng = makeRng(seed);
    this.#stream = new WordStream(makeRng(seed ^ 0x5eed));
    this.#vocab = new Vocabulary(seedWords(), makeRng(seed ^ 0xbeef));
  }

  next(): GeneratedPaper {
    const rng = this.#rng;
    // Title: median 76 characters, at most 175.
    const titleLength = Math.round(clamp(76 * Math.exp(0.3 * normal(rng)), 20, 175));
    const titleWords: string[] = [];
    const words: string[] = [];
    if (rng() < 0.3) words.push(`${acronym(this.#content(), rng)}:`);
    while (words.join(' ').length < titleLength - 4) {
      if (words.length > 0 && rng() < 0.25) words.push(TITLE_JOINERS[Math.floor(rng() * TITLE_JOINERS.length)]!);
      else {
        const w = this.#content();
        titleWords.push(w);
        words.push(capitalize(w));
      }
    }
    let title = words.join(' ');
    if (title.length > 175) title = title.slice(0, title.lastIndexOf(' ', 175));
    // Abstract: median 1,394 characters, 5th percentile ~930, at most 1,923.
    const abstractLength = clamp(1394 + 280 * normal(rng), 450, 1923);
    const sentences: string[] = [];
    let length = 0;
    while (length < abstractLength - 80) {
      const s = this.#sentence(titleWords);
      if (length + s.length + 1 > 1923) break;
      sentences.push(s);
      length += s.length + 1;
    }
    return { title, abstract: sentences.join(' ') };
  }

  #content(): string {
    return this.#vocab.word(this.#stream.next());
  }

  #sentence(topic: string[]): string {
    const rng = this.#rng;
    const n = 10 + Math.floor(rng() * 22);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = rng();
      if (r < 0.42) out.push(FUNCTION_WORDS[Math.floor(FUNCTION_WORDS.length * rng() ** 2.2)]!);
      else if (r < 0.52 && topic.length > 0) out.push(topic[Math.floor(rng() * topic.length)]!.toLowerCase());
      else if (r < 0.535) out.push(number(rng));
      else if (r < 0.55) out.push(acronym(this.#content(), rng));
      else out.push(this.#content().toLowerCase());
    }
    if (n > 14 && rng() < 0.5) out[Math.floor(n / 2)] += ',';
    return `${capitalize(out.join(' '))}.`;
  }
}

function capitalize(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

function acronym(w: string, rng: () => number): string {
  return rng() < 0.5 ? w.toUpperCase().slice(0, 6) : capitalize(w);
}

function number(rng: () => number): string {
  const r = rng();
  if (r < 0.4) return String(1 + Math.floor(rng() * 100));
  if (r < 0.8) return `${(rng() * 100).toFixed(1)}%`;
  return `${Math.floor(rng() * 10)}x`;
}

/** Papers per day: 1 to 50, median 15 (a log-normal, clamped). */
function papersOnADay(rng: () => number): number {
  return Math.round(clamp(14.6 * Math.exp(0.7 * normal(rng)), 1, 50));
}

/** The first `count` papers of the stream, grouped into weekday digests from 2014-01-06 on. */
export function generateCorpus(count: number, seed = DEFAULT_SEED): GeneratedDay[] {
  const gen = new PaperGenerator(seed);
  const rng = makeRng(seed ^ 0xda7e);
  const days: GeneratedDay[] = [];
  let day = Date.UTC(2014, 0, 6);
  let made = 0;
  while (made < count) {
    const n = Math.min(papersOnADay(rng), count - made);
    const papers = Array.from({ length: n }, () => gen.next());
    days.push({ date: new Date(day).toISOString().slice(0, 10), papers });
    made += n;
    day += 86_400_000 * (new Date(day).getUTCDay() === 5 ? 3 : 1);
  }
  return days;
}

/** The text of one digest email, in the format the parser reads. */
export function digestText(day: GeneratedDay): string {
  const [, m, d] = day.date.split('-').map(Number) as [number, number, number];
  const paras = [...HEADER, `${MONTHS[m - 1]} ${d}`];
  for (const p of day.papers) paras.push(p.title, p.abstract);
  return `${paras.join('\n\n')}\n`;
}

/**
 * The digest folder for `count` papers, one file per day named with its date
 * (the date anchors the year of "Apr 21"). Cached under bench/.corpus and
 * reused while the generator version and seed match.
 */
export function corpusDir(count: number, seed = DEFAULT_SEED): string {
  const dir = fileURLToPath(new URL(`./.corpus/v${CORPUS_VERSION}-${seed}-${count}`, import.meta.url));
  const done = join(dir, '.complete');
  try {
    readFileSync(done);
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  for (const day of generateCorpus(count, seed)) writeFileSync(join(dir, `hf-daily-papers-${day.date}.txt`), digestText(day));
  writeFileSync(done, `${readdirSync(dir).length} files\n`);
  return dir;
}

/** Distinct processed terms over titles and abstracts after each checkpoint, as the index sees them. */
export function distinctTerms(papers: Iterable<GeneratedPaper>, checkpoints: number[]): Map<number, number> {
  const seen = new Set<string>();
  const out = new Map<number, number>();
  let i = 0;
  for (const p of papers) {
    for (const token of tokenize(`${p.title} ${p.abstract}`)) {
      const term = processTerm(token);
      if (term) seen.add(term);
    }
    i++;
    if (checkpoints.includes(i)) out.set(i, seen.size);
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Generated figures next to the real archive's, for the README and calibration. */
export function calibrationReport(seed = DEFAULT_SEED): string {
  const papers = generateCorpus(10_000, seed).flatMap((d) => d.papers);
  const days = generateCorpus(10_000, seed).map((d) => d.papers.length).sort((a, b) => a - b);
  const terms = distinctTerms(papers, DISTINCT_TERM_TARGETS.map((t) => t.papers));
  const titles = papers.map((p) => p.title.length).sort((a, b) => a - b);
  const abstracts = papers.map((p) => p.abstract.length).sort((a, b) => a - b);
  const rows = [
    ...DISTINCT_TERM_TARGETS.map((t) => [`distinct terms at ${t.papers} papers`, t.terms, terms.get(t.papers)!]),
    ['title length median', 76, percentile(titles, 50)],
    ['title length max', 175, titles.at(-1)!],
    ['abstract length median', 1394, percentile(abstracts, 50)],
    ['abstract length p5', 929, percentile(abstracts, 5)],
    ['abstract length max', 1923, abstracts.at(-1)!],
    ['papers a day median', 15, percentile(days, 50)],
    ['papers a day min / max', '1 / 50', `${days[0]} / ${days.at(-1)}`],
  ];
  const fmt = (v: string | number) => (typeof v === 'number' ? v.toLocaleString('en-US') : v);
  return [
    'figure                           real archive   generated',
    ...rows.map(([name, real, gen]) => `${String(name).padEnd(32)} ${fmt(real!).padStart(12)} ${fmt(gen!).padStart(11)}`),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(calibrationReport());
}
