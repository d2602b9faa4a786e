import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/sources/digest/digest-types.js';
import { restoreArchivedDigests } from '../../../src/sources/digest/digest-archive.js';
import { ingestDigestDir } from '../../../src/sources/digest/ingest-digest-dir.js';
import { createIngestSink } from '../../../src/sources/ingest-sink.js';
import { parseDigest } from '../../../src/sources/digest/parse-digest.js';
import { readDigestFile } from '../../../src/sources/digest/read-digest-file.js';
import { PaperLibrary } from '../../../src/library/library.js';
import { createLogger } from '../../../src/ops/logger.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { NOW, SAMPLE_TEXT, sampleDigest } from '../../helpers/sample.js';
import { useTmpDir } from '../../helpers/tmp-dir.js';

// Input that used to lose papers: one bad byte, a UTF-16 file, a stray invalid
// byte, a flood of date lines. Each case pins the fix for one way a digest was lost.

const tmp = useTmpDir();
const parse = (text: string, fileName = 'digest.txt') => parseDigest(text, { fileName, now: NOW });
const ABSTRACT_A = 'We study a problem. Our method improves results by a wide margin on three benchmarks.';
const ABSTRACT_B = 'Large models are costly to run. We propose a cheaper way and show it works on every task we tried.';
const samplePapers = sampleDigest().sections[0]!.papers;

/** The sample with `edit` applied to the line of paper `index`'s title (0) or abstract (2). */
function damageSample(index: number, offset: 0 | 2, edit: (line: string) => string): { text: string; line: number } {
  const lines = SAMPLE_TEXT.split('\n');
  const line = samplePapers[index]!.line + offset;
  lines[line - 1] = edit(lines[line - 1]!);
  return { text: lines.join('\n'), line };
}

describe('a NUL byte or other binary damage in one paragraph', () => {
  it('keeps every other paper, and the damaged abstract\u2019s title, naming the line', () => {
    const { text, line } = damageSample(9, 2, (l) => `${l.slice(0, 40)}\u0000${l.slice(40)}`);
    const d = parse(text, 'nul.txt');
    const papers = d.sections[0]!.papers;
    expect(papers).toHaveLength(84);
    expect(papers[9]).toMatchObject({ title: samplePapers[9]!.title, abstract: '' });
    expect(papers.filter((_, i) => i !== 9)).toEqual(samplePapers.filter((_, i) => i !== 9));
    expect(d.problems).toEqual([{ level: 'error', file: 'nul.txt', line, message: expect.stringMatching(/binary data/) }]);
  });

  it('drops a damaged title with its abstract, without gluing that abstract to the paper before', () => {
    const { text, line } = damageSample(20, 0, (l) => `\u0000\u0001${l}`);
    const d = parse(text, 'title.txt');
    const papers = d.sections[0]!.papers;
    expect(papers).toHaveLength(83);
    expect(papers.map((p) => p.title)).toEqual(samplePapers.filter((_, i) => i !== 20).map((p) => p.title));
    expect(papers[19]!.abstract).toBe(samplePapers[19]!.abstract);
    expect(d.problems).toEqual([{ level: 'error', file: 'title.txt', line, message: expect.stringMatching(/binary data/) }]);
  });

  it('still calls a file that is mostly binary a binary file', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]).toString('latin1');
    expect(parse(png, 'image.txt').problems).toEqual([{ level: 'error', file: 'image.txt', line: expect.any(Number), message: expect.stringContaining('binary') }]);
  });
});

describe('encodings', () => {
  const withBom = (encoding: 'utf16le' | 'utf16be') => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE_TEXT, 'utf16le')]);
    return encoding === 'utf16le' ? le : Buffer.from(le).swap16();
  };

  it('reads a UTF-16 file with a byte-order mark, little- or big-endian', async () => {
    for (const encoding of ['utf16le', 'utf16be'] as const) {
      const file = join(tmp(), `sample-${encoding}.txt`);
      writeFileSync(file, withBom(encoding));
      const d = await readDigestFile(file, { now: NOW });
      expect(d.problems).toEqual([]);
      expect(d.sections[0]!.papers).toEqual(samplePapers);
    }
  });

  it('reads a UTF-16LE file without a byte-order mark', async () => {
    const file = join(tmp(), 'no-bom.txt');
    writeFileSync(file, Buffer.from(SAMPLE_TEXT, 'utf16le'));
    const d = await readDigestFile(file, { now: NOW });
    expect(d.sections[0]!.papers).toHaveLength(84);
  });

  it('keeps a UTF-8 file UTF-8 when one byte is bad: only that byte is replaced, and its line is named', async () => {
    const file = join(tmp(), 'cjk.txt');
    const text = `Apr 21\n\n\u4e2d\u6587\u6a21\u578b Models\n\nWe study \u4e2d\u6587 text. It works well.\n\nSecond Title\n\n${ABSTRACT_A}\n`;
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('Second');
    writeFileSync(file, Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]));
    const d = await readDigestFile(file, { now: NOW });
    expect(d.sections[0]!.papers.map((p) => p.title)).toEqual(['\u4e2d\u6587\u6a21\u578b Models', '\ufffdSecond Title']);
    expect(d.sections[0]!.papers[0]!.abstract).toBe('We study \u4e2d\u6587 text. It works well.');
    expect(d.problems).toEqual([{ level: 'warning', file: 'cjk.txt', line: 7, message: expect.stringMatching(/1 byte .*not valid UTF-8.*line 7/) }]);
  });

  it('still reads a Windows-1252 file (no UTF-8 in it at all) as Windows-1252', async () => {
    const file = join(tmp(), 'latin.txt');
    writeFileSync(file, Buffer.from('Apr 21\n\nCaf\xe9 \x93Models\x94\n\nWe study caf\xe9s. It works.\n', 'latin1'));
    const d = await readDigestFile(file, { now: NOW });
    expect(d.sections[0]!.papers[0]!.title).toBe('Caf\u00e9 \u201cModels\u201d');
  });
});

describe('floods of problems', () => {
  it('gives a million bare date lines one line of problems, not a million', () => {
    const d = parse('Apr 21\n'.repeat(1_000_000), 'dates.txt');
    expect(d.problems).toEqual([{ level: 'warning', file: 'dates.txt', line: 1, message: 'the section dated 2026-04-21 has no papers' }]);
  });

  it('caps the problems of one file, saying how many more there are', () => {
    const days = Array.from({ length: 300 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }));
    const d = parse(days.join('\n\n'), 'empty-days.txt');
    expect(d.problems.length).toBeLessThanOrEqual(11);
    expect(d.problems.at(-1)).toMatchObject({ level: 'warning', file: 'empty-days.txt', count: 290, message: expect.stringContaining('and 290 more warnings') });
    expect(formatProblem(d.problems.at(-1)!)).toBe('empty-days.txt: warning: \u2026 and 290 more warnings in this file, not listed');
  });

  it('warns about an empty section only when its day has no papers after same-day sections merge', () => {
    const d = parse(`Apr 21\n\nApr 22\n\nFirst Title\n\n${ABSTRACT_A}\n\nApr 21\n\nSecond Title\n\n${ABSTRACT_B}\n`, 'x.txt');
    expect(d.sections.map((s) => [s.date, s.papers.map((p) => p.title)])).toEqual([
      ['2026-04-21', ['Second Title']],
      ['2026-04-22', ['First Title']],
    ]);
    expect(d.problems).toEqual([]);
  });
});

describe('misleading messages about digests', () => {
  it('says "Feb 30" is not a date, naming its line, and skips only its papers', () => {
    const d = parse(`Feb 30\n\nLost Title\n\n${ABSTRACT_A}\n\nApr 21\n\nKept Title\n\n${ABSTRACT_B}\n`, 'feb.txt');
    expect(d.sections.map((s) => s.papers.map((p) => p.title))).toEqual([['Kept Title']]);
    expect(d.problems).toEqual([{ level: 'error', file: 'feb.txt', line: 1, message: expect.stringMatching(/^"Feb 30" is not a date \(February has at most 29 days\)/) }]);
    expect(parse(`Feb 30\n\nLost Title\n\n${ABSTRACT_A}\n`, 'only.txt').problems).toEqual([
      { level: 'error', file: 'only.txt', line: 1, message: expect.stringMatching(/^"Feb 30" is not a date/) },
    ]);
    expect(parse(`Feb 29, 2025\n\nT\n\n${ABSTRACT_A}\n`).problems[0]!.message).toMatch(/2025 is not a leap year/);
  });

  it('removes bidi overrides and isolates from titles and abstracts', () => {
    const d = parse(`Apr 21\n\nEvil \u202egnp.exe\u202c Title \u2066x\u2069\n\nWe \u202estudy\u202c a problem. It works.\n`);
    expect(d.sections[0]!.papers[0]).toMatchObject({ title: 'Evil gnp.exe Title x', abstract: 'We study a problem. It works.' });
  });

  it('counts only the files it read in the start line, and names what the others are', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'good.txt'), `Apr 21\n\nZebra Finch Song Models\n\n${ABSTRACT_A}\n`);
    mkdirSync(join(dir, 'folder.txt'));
    symlinkSync(join(dir, 'missing-target'), join(dir, 'dangling.txt'));
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    const lines: string[] = [];
    const report = await ingestDigestDir(new PaperLibrary(), dir, { now: NOW, logger: createLogger({ level: 'info', write: (l) => lines.push(l) }) });
    expect(report.files).toBe(1);
    expect(lines.join('\n')).toContain('dangling.txt: error: a symbolic link whose target does not exist');
    expect(lines.join('\n')).toContain('folder.txt: error: a folder, not a digest file');
    expect(lines.join('\n')).toContain('pipe.txt: error: a named pipe, not a regular file');
    expect(lines.at(-1)).toMatch(/^Loaded 1 digest file from .* \(3 skipped\): 1 paper over 1 day/);
  });
});

describe('the archive of earlier digests', () => {
  it('says nothing when a partly damaged file lost no paper the archive has, and names what it restores', async () => {
    const dir = tmp();
    const store = openSqliteStore(join(tmp(), 'paperbot.db'));
    try {
      const good = `Apr 21\n\nFirst Title\n\n${ABSTRACT_A}\n\nSecond Title\n\n${ABSTRACT_B}\n`;
      await store.archiveDigest(parse(good, 'a.txt'), 1);
      const lines: string[] = [];
      const logger = createLogger({ level: 'info', write: (l) => lines.push(l) });
      // Damage in the second abstract: both papers still load, so the archive adds nothing.
      const library = new PaperLibrary();
      library.addDigest(parse(good.replace('Large models', 'Large\u0000models'), 'a.txt'));
      await restoreArchivedDigests({ sink: createIngestSink({ library, logger }), store, dir, problemFiles: ['a.txt'], logger });
      expect(lines).toEqual([]);
      // Damage in a title loses that paper: the archived copy brings it back, and the log says so.
      const damaged = new PaperLibrary();
      damaged.addDigest(parse(good.replace('Second Title', 'Second\u0000Title'), 'a.txt'));
      await restoreArchivedDigests({ sink: createIngestSink({ library: damaged, logger }), store, dir, problemFiles: ['a.txt'], logger });
      expect(damaged.size).toBe(2);
      expect(lines).toEqual([`Kept 1 papers from earlier copies of 1 digest that is gone or now partly unreadable in ${dir} (a.txt)`]);
    } finally {
      await store.close();
    }
  });
});

describe('huge abstracts', () => {
  it('keeps at most about 20,000 characters of an abstract, with a note where it was cut', () => {
    const huge = 'We study a problem in great depth. '.repeat(30_000);
    const d = parse(`Apr 21\n\nLong One\n\n${huge}\n\nNext Title\n\n${ABSTRACT_A}\n`, 'long.txt');
    const [long, next] = d.sections[0]!.papers;
    expect(long!.abstract.length).toBeLessThanOrEqual(20_200);
    expect(long!.abstract).toMatch(/depth\. \u2026 \[cut here: the digest's abstract has 1,049,999 characters; paperbot keeps the first 20,000\]$/);
    expect(next).toMatchObject({ title: 'Next Title', abstract: ABSTRACT_A });
    expect(d.problems).toEqual([{ level: 'warning', file: 'long.txt', line: 3, message: expect.stringContaining('abstract of "Long One" has 1,049,999 characters; cut to 20,000') }]);
  });
});
