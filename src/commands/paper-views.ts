import { latestAppearance, PAPER_API_SOURCE, type Paper } from '../library/paper.js';
import { makeSnippet } from '../library/snippet.js';
import { wellFormed } from '../text/unicode-controls.js';
import type { LinkedCounts, PaperCard, PaperLink, PaperSummary, PaperView, Reply } from './reply.js';

// Library papers -> the reply model's plain values, and the replies every
// command that names a paper may give.

/** How many authors a line names before "et al.". */
const AUTHORS_SHOWN = 3;

/** A paper as one result line. */
export function toSummary(paper: Paper): PaperSummary {
  const { date, rank, file } = latestAppearance(paper);
  return {
    id: paper.id,
    title: paper.title,
    date,
    // A looked-up paper's rank is a placeholder: it ranked nowhere paperbot saw.
    ...(file === PAPER_API_SOURCE ? {} : { rank }),
    snippet: paper.abstract === '' ? '' : makeSnippet(paper.abstract, new Set()),
    digestCount: paper.appearances.length,
    ...(paper.arxivId === undefined ? {} : { arxivId: paper.arxivId }),
    ...(paper.authors && paper.authors.length > 0 ? { authors: authorLine(paper.authors) } : {}),
    ...(paper.upvotes === undefined ? {} : { upvotes: paper.upvotes }),
    links: linksOf(paper),
  };
}

/** A paper in full, with links to read it. */
export function toView(paper: Paper): PaperView {
  return {
    ...toSummary(paper),
    abstract: paper.abstract,
    ...(paper.aiSummary ? { tldr: paper.aiSummary } : {}),
    ...(paper.thumbnail ? { thumbnail: paper.thumbnail } : {}),
  };
}

/** A paper as a card, answering `asked` (the link or id as written); `linked`: the Hub's counts, when known. */
export function toCard(paper: Paper, asked?: string, linked?: LinkedCounts): PaperCard {
  return {
    ...toSummary(paper),
    ...(paper.aiSummary ? { tldr: paper.aiSummary } : {}),
    ...(asked === undefined ? {} : { asked }),
    ...(linked && Object.values(linked).some((n) => n !== undefined) ? { linked } : {}),
  };
}

/** "A, B, C et al." for more than three authors. */
export function authorLine(authors: readonly string[]): string {
  return authors.length > AUTHORS_SHOWN ? `${authors.slice(0, AUTHORS_SHOWN).join(', ')} et al.` : authors.join(', ');
}

/** The paper's own pages when its arXiv id is known; title searches otherwise. */
export function linksOf(paper: Pick<Paper, 'title' | 'arxivId' | 'githubRepo' | 'projectPage'>): PaperLink[] {
  if (paper.arxivId === undefined) {
    // A lone surrogate in a title (JSON from an API can carry one) would make encodeURIComponent throw.
    const q = encodeURIComponent(wellFormed(paper.title));
    return [
      { label: 'Find on arXiv', url: `https://arxiv.org/search/?query=${q}&searchtype=title` },
      { label: 'Find on Hugging Face', url: `https://huggingface.co/papers?q=${q}` },
    ];
  }
  const id = encodeURIComponent(paper.arxivId).replace(/%2F/g, '/');
  const links: PaperLink[] = [
    { label: 'arXiv', url: `https://arxiv.org/abs/${id}` },
    { label: 'PDF', url: `https://arxiv.org/pdf/${id}` },
    { label: 'Hugging Face', url: `https://huggingface.co/papers/${id}` },
  ];
  if (paper.githubRepo) links.push({ label: 'GitHub', url: paper.githubRepo });
  if (paper.projectPage) links.push({ label: 'Project page', url: paper.projectPage });
  return links;
}

export function emptyLibrary(notes: string[]): Reply {
  return {
    kind: 'error',
    message: 'The library is empty: no digest has been loaded yet. Add a digest file to the digest folder.',
    notes,
  };
}

/** Why no paper has this arXiv id, in words for the asker (see the resolver's reasons). */
export function missingPaper(arxivId: string, why: 'unknown' | 'unavailable' | 'off'): string {
  switch (why) {
    case 'unknown':
      return `Neither the library nor Hugging Face has a paper with arXiv id ${arxivId}.`;
    case 'unavailable':
      return `No paper with arXiv id ${arxivId} in the library, and Hugging Face cannot be asked right now; try again in a minute.`;
    case 'off':
      return `No paper with arXiv id ${arxivId} in the library yet.`;
    default:
      return why satisfies never;
  }
}

export function unknownPaper(id: string, notes: string[] = []): Reply {
  return { kind: 'error', message: `No paper with id ${id}. It may come from another library; try a search.`, notes };
}
