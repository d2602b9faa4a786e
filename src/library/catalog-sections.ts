// The library's catalog (each paper's id, title, search document, arXiv id and
// appearances, and each day's listing) as binary sections of the index file.
// JSON of 50k papers took 200 ms to parse and turn into entries, a sixth of a
// cold start; typed arrays over a table of shared strings (dates, sources)
// load in a fraction of that and make fewer, smaller objects.

import type { IsoDay } from '../sources/digest/digest-types.js';
import type { DayEntry, PaperEntry } from './library.js';

/** The catalog as named sections, ready to write. */
export type CatalogSections = [string, ArrayBufferView][];

/** Reads a section of the open file. */
export interface SectionReader {
  u32(name: string): Uint32Array;
  f64(name: string): Float64Array;
  u8(name: string): Uint8Array;
  utf16(name: string): string;
}

const ID_LENGTH = 12;

/** The catalog's sections; `order` is the papers in insertion order. */
export function catalogSections(papers: readonly PaperEntry[], days: ReadonlyMap<IsoDay, DayEntry>): CatalogSections {
  const strings: string[] = [];
  const stringAt = new Map<string, number>();
  const intern = (s: string) => {
    let at = stringAt.get(s);
    if (at === undefined) stringAt.set(s, (at = strings.push(s) - 1));
    return at;
  };
  const n = papers.length;
  const docs = new Uint32Array(n);
  const titleOffsets = new Uint32Array(n + 1);
  const arxivOffsets = new Uint32Array(n + 1);
  const appOffsets = new Uint32Array(n + 1);
  const appearances = papers.reduce((sum, p) => sum + p.appearances.length, 0);
  const appDate = new Uint32Array(appearances);
  const appRank = new Uint32Array(appearances);
  const appSource = new Uint32Array(appearances);
  const paperAt = new Map<string, number>();
  let titleLength = 0;
  let arxivLength = 0;
  let a = 0;
  papers.forEach((p, i) => {
    paperAt.set(p.id, i);
    docs[i] = p.doc;
    titleOffsets[i] = titleLength;
    titleLength += p.title.length;
    arxivOffsets[i] = arxivLength;
    arxivLength += p.arxivId?.length ?? 0;
    appOffsets[i] = a;
    for (const app of p.appearances) {
      appDate[a] = intern(app.date);
      appRank[a] = app.rank;
      appSource[a++] = intern(app.file);
    }
  });
  titleOffsets[n] = titleLength;
  arxivOffsets[n] = arxivLength;
  appOffsets[n] = a;

  const dayList = [...days];
  const dayDate = new Uint32Array(dayList.length);
  const dayLive = new Uint8Array(dayList.length);
  const dayVersion = new Float64Array(dayList.length);
  const dayOffsets = new Uint32Array(dayList.length + 1);
  const listed = dayList.reduce((sum, [, d]) => sum + d.ranks.size, 0);
  const listRank = new Uint32Array(listed);
  const listPaper = new Uint32Array(listed);
  let r = 0;
  dayList.forEach(([date, day], i) => {
    dayDate[i] = intern(date);
    dayLive[i] = day.live ? 1 : 0;
    dayVersion[i] = day.version ?? -1;
    dayOffsets[i] = r;
    for (const [rank, id] of day.ranks) {
      listRank[r] = rank;
      listPaper[r++] = paperAt.get(id)!;
    }
  });
  dayOffsets[dayList.length] = r;

  const utf16 = (s: string) => Buffer.from(s, 'utf16le');
  return [
    ['paper.ids', Buffer.from(papers.map((p) => p.id).join(''), 'latin1')],
    ['paper.docs', docs],
    ['paper.titles', utf16(papers.map((p) => p.title).join(''))],
    ['paper.title-offsets', titleOffsets],
    ['paper.arxiv', utf16(papers.map((p) => p.arxivId ?? '').join(''))],
    ['paper.arxiv-offsets', arxivOffsets],
    ['paper.appearance-offsets', appOffsets],
    ['appearance.date', appDate],
    ['appearance.rank', appRank],
    ['appearance.source', appSource],
    ['strings', utf16(JSON.stringify(strings))],
    ['day.date', dayDate],
    ['day.live', dayLive],
    ['day.version', dayVersion],
    ['day.offsets', dayOffsets],
    ['listing.rank', listRank],
    ['listing.paper', listPaper],
  ];
}

/**
 * The papers and days of the catalog sections, checked: `fail` is called
 * (and must throw) with what is wrong. `paperCount` and `docCount` come from
 * the header; `deleted` flags the search documents no paper owns.
 */
export function readCatalog(
  read: SectionReader,
  counts: { papers: number; docs: number; deleted: Uint8Array },
  fail: (detail: string) => never,
): { papers: PaperEntry[]; days: Map<IsoDay, DayEntry> } {
  const n = counts.papers;
  const ids = Buffer.from(read.u8('paper.ids')).toString('latin1');
  const docs = read.u32('paper.docs');
  const titles = read.utf16('paper.titles');
  const titleOffsets = read.u32('paper.title-offsets');
  const arxiv = read.utf16('paper.arxiv');
  const arxivOffsets = read.u32('paper.arxiv-offsets');
  const appOffsets = read.u32('paper.appearance-offsets');
  const appDate = read.u32('appearance.date');
  const appRank = read.u32('appearance.rank');
  const appSource = read.u32('appearance.source');
  let strings: unknown;
  try {
    strings = JSON.parse(read.utf16('strings'));
  } catch {
    fail('an unreadable string table');
  }
  if (!Array.isArray(strings) || !strings.every((s) => typeof s === 'string')) fail('an unreadable string table');
  const table = strings as string[];
  if (ids.length !== n * ID_LENGTH || docs.length !== n || titleOffsets.length !== n + 1 || arxivOffsets.length !== n + 1 || appOffsets.length !== n + 1) {
    fail(`a catalog of another size than ${n} papers`);
  }
  if (titleOffsets[n] !== titles.length || arxivOffsets[n] !== arxiv.length || appOffsets[n] !== appDate.length || appRank.length !== appDate.length || appSource.length !== appDate.length) {
    fail('a catalog whose parts disagree');
  }
  const owner = new Uint8Array(counts.docs);
  const seen = new Set<string>();
  const papers: PaperEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids.slice(i * ID_LENGTH, (i + 1) * ID_LENGTH);
    if (!/^[0-9a-f]{12}$/.test(id) || seen.has(id)) fail(`a bad or repeated paper id (${id})`);
    seen.add(id);
    const doc = docs[i]!;
    if (doc >= counts.docs || counts.deleted[doc] === 1 || owner[doc] === 1) fail(`paper ${id} points at search document ${doc}, which the index does not hold for it`);
    owner[doc] = 1;
    const t0 = titleOffsets[i]!;
    const t1 = titleOffsets[i + 1]!;
    const a0 = appOffsets[i]!;
    const a1 = appOffsets[i + 1]!;
    if (t1 <= t0 || a1 <= a0 || arxivOffsets[i + 1]! < arxivOffsets[i]!) fail(`paper ${id} has no title or no appearance`);
    const appearances = new Array(a1 - a0);
    for (let a = a0; a < a1; a++) {
      const date = table[appDate[a]!];
      const file = table[appSource[a]!];
      if (date === undefined || file === undefined || appRank[a]! < 1) fail(`paper ${id} has a bad appearance`);
      appearances[a - a0] = { date, rank: appRank[a]!, file };
    }
    const arxivId = arxiv.slice(arxivOffsets[i]!, arxivOffsets[i + 1]!);
    papers[i] = { id, title: titles.slice(t0, t1), doc, appearances, ...(arxivId === '' ? {} : { arxivId }) };
  }

  const dayDate = read.u32('day.date');
  const dayLive = read.u8('day.live');
  const dayVersion = read.f64('day.version');
  const dayOffsets = read.u32('day.offsets');
  const listRank = read.u32('listing.rank');
  const listPaper = read.u32('listing.paper');
  const d = dayDate.length;
  if (dayLive.length !== d || dayVersion.length !== d || dayOffsets.length !== d + 1 || dayOffsets[d] !== listRank.length || listPaper.length !== listRank.length) {
    fail('day listings whose parts disagree');
  }
  const days = new Map<IsoDay, DayEntry>();
  for (let i = 0; i < d; i++) {
    const date = table[dayDate[i]!];
    if (date === undefined) fail('a day without a date');
    const ranks = new Map<number, string>();
    for (let r = dayOffsets[i]!; r < dayOffsets[i + 1]!; r++) {
      const paper = papers[listPaper[r]!];
      if (!paper) fail(`day ${date} lists a paper the catalog does not hold`);
      ranks.set(listRank[r]!, paper.id);
    }
    const version = dayVersion[i]!;
    days.set(date!, { live: dayLive[i] === 1, ranks, ...(version >= 0 ? { version } : {}) });
  }
  return { papers, days };
}
