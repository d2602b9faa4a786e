// What a hand-rolled bot does: lower-case everything once, then for each query
// scan every title and abstract with String.includes. No index, no typos, no
// plurals; the comparison the issue asks for.

export interface NaivePaper {
  title: string;
  abstract: string;
}

export class NaiveBot {
  readonly #docs: { title: string; abstract: string; original: NaivePaper }[];

  constructor(papers: Iterable<NaivePaper>) {
    this.#docs = [...papers].map((p) => ({ title: p.title.toLowerCase(), abstract: p.abstract.toLowerCase(), original: p }));
  }

  /** The top `limit` papers: more matched words first, title matches weigh 4. */
  search(query: string, limit = 5): NaivePaper[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const scored: { score: number; paper: NaivePaper }[] = [];
    for (const d of this.#docs) {
      let score = 0;
      for (const w of words) {
        if (d.title.includes(w)) score += 4;
        else if (d.abstract.includes(w)) score += 1;
      }
      if (score > 0) scored.push({ score, paper: d.original });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit).map((s) => s.paper);
  }
}
