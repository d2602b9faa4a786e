import type { Paper } from './paper.js';

// A BibTeX entry for a paper, built locally (no network), in the form arXiv
// users cite: @misc{key, title, author, year, eprint, archivePrefix, url}.
// Text is escaped for BibTeX/LaTeX (specials, accents), and capitals inside
// words ("SAE", "LLaVA") are braced so bibliography styles keep them.

/** Characters that mean something to LaTeX, and how to write them literally. */
const SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Combining marks -> the LaTeX accent command that makes them. */
const ACCENTS: Record<string, string> = {
  '\u0300': '`',
  '\u0301': "'",
  '\u0302': '^',
  '\u0303': '~',
  '\u0308': '"',
  '\u0304': '=',
  '\u0307': '.',
  '\u0327': 'c',
  '\u030c': 'v',
  '\u0306': 'u',
  '\u030a': 'r',
  '\u030b': 'H',
  '\u0328': 'k',
};

/** Letters with no combining form, written as LaTeX commands. */
const LETTERS: Record<string, string> = {
  ß: '{\\ss}',
  æ: '{\\ae}',
  Æ: '{\\AE}',
  ø: '{\\o}',
  Ø: '{\\O}',
  å: '{\\aa}',
  Å: '{\\AA}',
  œ: '{\\oe}',
  Œ: '{\\OE}',
  ł: '{\\l}',
  Ł: '{\\L}',
  ı: '{\\i}',
};

/** Escapes text for a BibTeX field: specials, accented letters, and nothing else changed. */
export function escapeBibtex(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFD')) {
    const accent = ACCENTS[ch];
    if (accent !== undefined && out !== '') {
      // Attach the accent to the letter before it: e + \u0301 -> {\'e}.
      const base = out.at(-1)!;
      out = `${out.slice(0, -1)}{\\${accent}${/[a-z]/i.test(accent) ? ' ' : ''}${base === 'i' ? '\\i' : base}}`;
      continue;
    }
    if (/\p{M}/u.test(ch)) continue; // other combining marks: drop, keep the letter
    out += SPECIALS[ch] ?? LETTERS[ch] ?? ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Braces every word with a capital after the first letter of one of its
 * hyphen-separated parts, so styles keep "SAE", "LLaVA", "GPT-4", "3D"; a
 * title-case word ("Fine-Tunable") is left alone.
 */
export function protectCapitals(escaped: string): string {
  return escaped.replace(/(?<![\\\w{-])[A-Za-z0-9][\w-]*/g, (word) => (word.split('-').some((part) => /^.+[A-Z]/.test(part)) ? `{${word}}` : word));
}

/** The citation key: first author's last name, year, first title word, ASCII lower case. */
export function citationKey(paper: Pick<Paper, 'title' | 'authors'>, year: string): string {
  const ascii = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
  const lastName = (paper.authors?.[0] ?? '').trim().split(/\s+/).at(-1) ?? '';
  const firstWord = paper.title.split(/\s+/).map(ascii).find((w) => w.length > 2 && !['the', 'and', 'for', 'with'].includes(w)) ?? 'paper';
  return `${ascii(lastName) || 'anon'}${year}${firstWord}`.slice(0, 60);
}

/** The year to cite: the arXiv date, else the year in a new-style arXiv id (2509.24006 -> 2025), else the newest listing. */
export function citationYear(paper: Pick<Paper, 'publishedAt' | 'arxivId' | 'appearances'>): string {
  if (paper.publishedAt) return paper.publishedAt.slice(0, 4);
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(paper.arxivId ?? '');
  if (m) return `20${m[1]}`;
  return paper.appearances[0]?.date.slice(0, 4) ?? '';
}

/** The BibTeX entry. A paper without an arXiv id gets its title, its Hugging Face day, and a note. */
export function bibtexOf(paper: Paper, key?: string): string {
  const year = citationYear(paper);
  const fields: [string, string][] = [['title', protectCapitals(escapeBibtex(paper.title))]];
  if (paper.authors && paper.authors.length > 0) fields.push(['author', paper.authors.map(escapeBibtex).join(' and ')]);
  fields.push(['year', year]);
  if (paper.arxivId !== undefined) {
    fields.push(['eprint', paper.arxivId], ['archivePrefix', 'arXiv'], ['url', `https://arxiv.org/abs/${paper.arxivId}`]);
  } else {
    const day = paper.appearances[0]?.date ?? '';
    fields.push(['howpublished', `Hugging Face Daily Papers, ${day}`], ['note', 'arXiv identifier unknown']);
  }
  const body = fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n');
  return `@misc{${key ?? citationKey(paper, year)},\n${body}\n}`;
}

/**
 * Entries for several papers, one file: each key unique, as BibTeX requires
 * (a repeated key is an error there, and only one of the two is citable). A
 * key already used gets a letter, as BibTeX styles do: smith2026deep,
 * smith2026deepb, smith2026deepc... then a number past z.
 */
export function bibtexListOf(papers: readonly Paper[]): string {
  const used = new Set<string>();
  return papers
    .map((paper) => {
      const base = citationKey(paper, citationYear(paper));
      let key = base;
      for (let i = 1; used.has(key); i++) key = `${base}${i < 26 ? String.fromCharCode(97 + i) : i + 1}`;
      used.add(key);
      return bibtexOf(paper, key);
    })
    .join('\n\n');
}
