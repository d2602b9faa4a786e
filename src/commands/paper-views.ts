import { latestAppearance, type Paper } from '../library/paper.js';
import { makeSnippet } from '../library/snippet.js';
import { wellFormed } from '../text/unicode-controls.js';
import type { PaperLink, PaperSummary, PaperView, Reply } from './reply.js';

// Library papers -> the reply model's plain values, and the replies every
// command that names a paper may give.

/** How many authors a line names before "et al.". */
const AUTHORS_SHOWN = 3;

/** A paper as one result line. */
export function toSummary(paper: Paper): PaperSummary {
  const { date, rank } = latestAppearance(paper);
  return {
    id: paper.id,
    title: paper.title,
    date,
    rank,
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

export function unknownPaper(id: string, notes: string[] = []): Reply {
  return { kind: 'error', message: `No paper with id ${id}. It may come from another library; try a search.`, notes };
}
