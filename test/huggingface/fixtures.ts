// Daily-papers API fixtures, written by hand in the shapes the real API has
// served over the years, drift included: items without submittedOnDailyAt
// or ai_*, an abstract only at the top level, a title only at the top level,
// a non-object item, an item without an id, arXiv's hard-wrapped titles and
// abstracts, a hidden author, a javascript: URL, and hostile markup.

const DAY_MS = 86_400_000;

/** A full item of today's shape. */
export function fullItem(p: { id: string; title: string; summary: string; upvotes: number; authors: string[]; day: string }): Record<string, unknown> {
  return {
    paper: {
      id: p.id,
      authors: p.authors.map((name, i) => ({ _id: `a${i}`, name, hidden: false })),
      publishedAt: `${p.day}T17:59:58.000Z`,
      submittedOnDailyAt: `${p.day}T01:23:45.000Z`,
      title: p.title,
      summary: p.summary,
      upvotes: p.upvotes,
      discussionId: `d-${p.id}`,
      ai_summary: `${p.title.split(':')[0]} in one sentence.`,
      ai_keywords: ['synthetic', 'benchmark'],
    },
    publishedAt: `${p.day}T18:00:00.000Z`,
    title: p.title,
    summary: p.summary,
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${p.id}.png`,
    numComments: 1,
    submittedBy: { _id: 's1', name: 'akhaliq', fullname: 'AK', isPro: false },
    isAuthorParticipating: false,
  };
}

/** The drifted items of the newest day, in the API's order (not by upvotes). */
export function driftItems(day: string): unknown[] {
  return [
    {
      paper: {
        id: '2511.04570',
        authors: [{ name: 'Wen Li' }, { name: 'Omar Haddad' }],
        publishedAt: `${day}T10:00:00.000Z`,
        title: 'Quokka: Query-Oriented Kernel Attention for Long Contexts',
        summary: 'We introduce Quokka, a kernel attention for long contexts.\n  It scales linearly.',
        upvotes: 12,
      },
      title: 'Quokka: Query-Oriented Kernel Attention for Long Contexts',
      numComments: 0,
    },
    {
      paper: {
        id: '2511.04567v2',
        authors: [
          { _id: 'x1', name: 'Ada Lovelace', hidden: false },
          { _id: 'x2', name: 'Grace Hopper', hidden: false },
          { _id: 'x3', name: 'Hidden Reviewer', hidden: true },
          { _id: 'x4', name: 'Émile Zola', hidden: false },
          { _id: 'x5', name: 'Alan Turing', hidden: false },
        ],
        publishedAt: `${day}T17:59:58.000Z`,
        submittedOnDailyAt: `${day}T01:23:45.000Z`,
        title: 'Fine-Tunable\n  Sparse-Linear Attention for Long Video Generation',
        summary: 'Attention is the bottleneck of long video diffusion.\n  We make it sparse\n  and linear, and fine-tunable.',
        upvotes: 87,
        ai_summary: 'A sparse-linear attention that makes long video generation 5x faster.',
        ai_keywords: ['sparse attention', 'linear attention', 'video diffusion'],
        githubRepo: 'https://github.com/example/sla',
        githubStars: 420,
        projectPage: 'https://example.org/sla',
      },
      title: 'Fine-Tunable\n  Sparse-Linear Attention for Long Video Generation',
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2511.04567.png',
      numComments: 7,
    },
    // The abstract only at the top level (an older shape).
    { paper: { id: '2511.04571', title: 'Retrieval-Augmented Mamba for Genomic Sequences', upvotes: 40, authors: [{ name: 'Rosalind Franklin' }] }, summary: 'Mamba meets retrieval for DNA.' },
    'not a paper',
    null,
    // No arXiv id: skipped, with a warning.
    { paper: { title: 'A Paper Without An Id' }, title: 'A Paper Without An Id' },
    // The title only at the top level; a javascript: link that must never become a link.
    { paper: { id: '2511.04572', upvotes: 5, githubRepo: 'javascript:alert(1)' }, title: 'Tiny Recursive Reasoners Beat Large Models', summary: 'Small, recursive, and better.' },
    { paper: { id: '2511.04573', title: '<!channel> @everyone **Prompt Injection** in Paper Titles', summary: 'We study <@U123> pings.', upvotes: 1 } },
  ];
}

/** The sample digest's top paper, as the API lists it, with its real arXiv id: it must become one entry. */
export function sampleOverlapItem(day: string): Record<string, unknown> {
  return fullItem({
    id: '2405.08366',
    title: 'Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control',
    summary: 'Disentangling model activations into meaningful features is a central problem in interpretability.',
    upvotes: 25,
    authors: ['Aleksandar Makelov', 'George Lange', 'Neel Nanda'],
    day,
  });
}

/** `YYYY-MM-DD` of `today` minus `offset` days (UTC). */
export function dayBefore(today: Date, offset: number): string {
  return new Date(Date.parse(today.toISOString().slice(0, 10)) - offset * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A few weeks of the API as of `today`: weekends empty, as on the real site;
 * each weekday a few generated papers; the newest weekday with the drifted
 * items; the weekday before with the sample digest's top paper.
 */
export function fixtureWeeks(today: Date, days = 21): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const weekdays: string[] = [];
  for (let i = 0; i < days; i++) {
    const day = dayBefore(today, i);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) {
      out.set(day, []);
      continue;
    }
    weekdays.push(day);
    const items = [1, 2, 3].map((k) =>
      fullItem({
        id: `2510.${String(i * 10 + k).padStart(5, '0')}`,
        title: `Synthetic Study ${i}-${k} of Zebrafish Navigation`,
        summary: `A synthetic abstract number ${i}-${k}. It exists to fill the list.`,
        upvotes: 3 * k,
        authors: [`Author ${i}${k}`],
        day,
      }),
    );
    out.set(day, items);
  }
  if (weekdays[0]) out.set(weekdays[0], [...driftItems(weekdays[0]), ...out.get(weekdays[0])!]);
  if (weekdays[1]) out.set(weekdays[1], [sampleOverlapItem(weekdays[1]), ...out.get(weekdays[1])!]);
  return out;
}

/** The newest day with papers in {@link fixtureWeeks}. */
export function newestWeekday(today: Date): string {
  for (let i = 0; ; i++) {
    const day = dayBefore(today, i);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return day;
  }
}

/** A GitHub URL of 400 "é": 419 characters as sent, over 2,000 once percent-encoded. */
export const LONG_ENCODED_REPO = `https://github.com/${'é'.repeat(400)}`;

/**
 * Items with one field each that only looks right (what a red team sent): a
 * Feb 30, a day zero, a month 13 at the top level, a link too long once
 * encoded, a count that is not a whole number. Each must cost its field,
 * never the item or the day.
 */
export function badFieldItems(day: string): Record<string, unknown>[] {
  const item = (id: string, title: string, paper: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
    paper: { id, title, summary: `The abstract of ${title}.`, upvotes: 10, authors: [{ name: 'Ada Lovelace' }], ...paper },
    ...top,
  });
  return [
    item('2511.07001', 'Pelican Routing on February Thirtieth', { publishedAt: '2026-02-30T10:00:00.000Z' }),
    item('2511.07002', 'Pelican Routing on Day Zero', { publishedAt: '0000-00-00' }),
    item('2511.07003', 'Pelican Routing in Month Thirteen', {}, { publishedAt: '2026-13-01T00:00:00.000Z' }),
    item('2511.07004', 'Pelican Routing with a Long Repository', { githubRepo: LONG_ENCODED_REPO, projectPage: `https://example.org/${'é'.repeat(400)}` }),
    item('2511.07005', 'Pelican Routing with Fractional Upvotes', { upvotes: 2.5, githubStars: -1 }),
  ];
}

/**
 * One paper as `GET /api/papers/<id>` answers: a daily item's `paper` at the
 * top level, with the fields the Hub adds there (mediaUrls, discussionId,
 * an organization, authors' claimed users); `submittedOnDailyAt` only when it
 * was on Daily Papers.
 */
export function paperAnswer(p: { id: string; title: string; summary?: string; upvotes?: number; authors?: string[]; day?: string; githubRepo?: string; projectPage?: string; aiSummary?: string }): Record<string, unknown> {
  return {
    id: p.id,
    authors: (p.authors ?? ['Ada Lovelace']).map((name, i) => ({ _id: `p${i}`, name, hidden: false, ...(i === 0 ? { user: { _id: 'u1', user: 'ada', fullname: name } } : {}) })),
    mediaUrls: [`https://cdn-uploads.huggingface.co/production/uploads/${p.id}.png`],
    publishedAt: `${p.day ?? '2026-11-20'}T17:59:58.000Z`,
    ...(p.day ? { submittedOnDailyAt: `${p.day}T01:23:45.000Z`, submittedOnDailyBy: { _id: 's1', user: 'akhaliq', fullname: 'AK' } } : {}),
    title: p.title,
    summary: p.summary ?? `The abstract of ${p.title}.\n  It wraps like arXiv's.`,
    upvotes: p.upvotes ?? 0,
    discussionId: `d-${p.id}`,
    ...(p.githubRepo ? { githubRepo: p.githubRepo, githubStars: 42 } : {}),
    ...(p.projectPage ? { projectPage: p.projectPage } : {}),
    ...(p.aiSummary ? { ai_summary: p.aiSummary, ai_keywords: ['links', 'cards'] } : {}),
    organization: { _id: 'o1', name: 'example-lab', fullname: 'Example Lab' },
    isAuthorParticipating: false,
  };
}
