// The benchmark's topic labels: plain keyword rules, written down here, never
// the model's. A paper is on a topic when the rule matches its title or one of
// its Hugging Face AI keywords, or matches its abstract at least twice (one
// passing mention, "we also test on medical images", is not the topic).
// `core` papers match in the title: simulated readers save those.

export interface Topic {
  name: string;
  rule: RegExp;
  /** Extra condition (a word the text must also hold), for ambiguous acronyms. */
  also?: RegExp;
}

export const TOPICS: readonly Topic[] = [
  { name: 'gaussian splatting', rule: /gaussian splatting|\b3dgs\b|\bsplatting|\b3d gaussians?\b|gaussian splats?/gi },
  {
    name: 'speech synthesis',
    // "TTS" is also test-time scaling: it counts only next to the word speech.
    rule: /text-to-speech|\btts\b|speech synthesis|voice cloning|speech generation|spoken dialogue|speech language model|spoken language model|synthesized speech|\bvocoder/gi,
    also: /speech|voice/i,
  },
  { name: 'medical', rule: /medical|radiolog|patholog|clinical|\bmri\b|\bct scans?\b|x-ray|ultrasound|biomedical|healthcare/gi },
  { name: 'music', rule: /\bmusic|\bsongs?\b|singing|melod|\blyrics/gi },
  { name: 'molecules', rule: /molecul|chemis|chemical|drug discovery|\bproteins?\b|\bsmiles\b/gi },
  { name: 'autonomous driving', rule: /autonomous driving|self-driving|driving scene|\bdriving\b/gi },
];

export interface Labelled {
  title: string;
  abstract: string;
  aiKeywords?: string[];
}

const count = (rule: RegExp, text: string) => text.match(rule)?.length ?? 0;

/** Whether the paper is on the topic (see the rules above). */
export function onTopic(p: Labelled, t: Topic): boolean {
  if (t.also && !t.also.test(`${p.title} ${p.abstract}`)) return false;
  return count(t.rule, p.title) > 0 || (p.aiKeywords ?? []).some((k) => count(t.rule, k) > 0) || count(t.rule, p.abstract) >= 2;
}

/** Whether the title names the topic: the papers a simulated reader saves. */
export function coreOf(p: Labelled, t: Topic): boolean {
  return onTopic(p, t) && count(t.rule, p.title) > 0;
}
