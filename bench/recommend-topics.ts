// The benchmark's topic labels: plain keyword rules, written down here, never
// the model's. A paper is on a topic when the rule matches its title or one of
// Hugging Face's AI keywords for it (the abstract alone is not enough: "we
// also test on chemistry" is not a chemistry paper). `core` papers match in
// the title: simulated readers save those first.

export interface Topic {
  name: string;
  rule: RegExp;
  /** A narrower rule for the AI keywords, where the title rule is too loose. */
  keywords?: RegExp;
  /** Text that disqualifies a match ("TTS" is also test-time scaling; hate speech is not speech audio). */
  not?: RegExp;
}

export const TOPICS: readonly Topic[] = [
  { name: 'gaussian splatting', rule: /gaussian splatting|\b3dgs\b|\bsplatting|\b3d gaussians?\b|gaussian splats?/i },
  {
    name: 'speech',
    rule: /\bspeech|\bspoken|text-to-speech|\btts\b|\basr\b|voice (?:cloning|conversion|synthesis|assistant)|\bvocoder/i,
    not: /test-time|hate speech|asr@/i,
  },
  { name: 'medical', rule: /medical|radiolog|patholog|clinical|\bmri\b|\bct scans?\b|x-ray|ultrasound|biomedical|healthcare|\bpatients?\b/i },
  { name: 'music', rule: /\bmusic|\bsongs?\b|singing|melod|\blyrics/i },
  { name: 'molecules', rule: /molecul|chemis|chemical|drug discovery|\bproteins?\b|\bsmiles\b/i },
  {
    name: 'autonomous driving',
    rule: /autonomous driving|self-driving|driving scene|driving world|driving video|autonomous vehicle|\bdriving\b/i,
    keywords: /autonomous driving|self-driving|driving scene|driving world|autonomous vehicle/i,
  },
];

export interface Labelled {
  title: string;
  aiKeywords?: string[];
}

const matches = (text: string, rule: RegExp, t: Topic) => rule.test(text) && !(t.not?.test(text) ?? false);

/** Whether the paper is on the topic (see the rules above). */
export function onTopic(p: Labelled, t: Topic): boolean {
  return matches(p.title, t.rule, t) || (p.aiKeywords ?? []).some((k) => matches(k, t.keywords ?? t.rule, t));
}

/** Whether the title names the topic: the papers a simulated reader saves first. */
export function coreOf(p: Labelled, t: Topic): boolean {
  return matches(p.title, t.rule, t);
}
