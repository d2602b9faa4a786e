import { latestAppearance, type Paper } from '../library/paper.js';
import { makeSnippet } from '../library/snippet.js';
import { wellFormed } from '../text/unicode-controls.js';
import type { PaperSummary, PaperView, Reply } from './reply.js';

// Library papers -> the reply model's plain values, and the replies every
// command that names a paper may give.

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
  };
}

/** A paper in full, with links to read it. */
export function toView(paper: Paper): PaperView {
  // A lone surrogate in a title (JSON from an API can carry one) would make encodeURIComponent throw.
  const q = encodeURIComponent(wellFormed(paper.title));
  return {
    ...toSummary(paper),
    abstract: paper.abstract,
    links: {
      arxiv: `https://arxiv.org/search/?query=${q}&searchtype=title`,
      huggingFace: `https://huggingface.co/papers?q=${q}`,
    },
  };
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
