import { describe, expect, it } from 'vitest';
import { digestText, generateCorpus } from '../../bench/corpus.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { PaperLibrary } from '../../src/library/library.js';
import { NOW, sampleDigest, sampleLibrary } from '../helpers/sample.js';

// A relevance test set over the sample digest: each query with the titles
// any of which is a right first answer. Mean reciprocal rank (MRR) over the
// set must stay >= 0.97; it is printed so changes to ranking can be compared.
const CASES: { query: string; kind: string; expect: string[] }[] = [
  // exact and near-exact titles
  { kind: 'title', query: 'SMOTE: Synthetic Minority Over-sampling Technique', expect: ['SMOTE: Synthetic Minority Over-sampling Technique'] },
  { kind: 'title', query: 'Transformers as Support Vector Machines', expect: ['Transformers as Support Vector Machines'] },
  { kind: 'title', query: 'On the Foundations of Shortcut Learning', expect: ['On the Foundations of Shortcut Learning'] },
  { kind: 'title', query: 'merging models with fisher weighted averaging', expect: ['Merging Models with Fisher-Weighted Averaging'] },
  // title words
  { kind: 'words', query: 'sparse autoencoders', expect: ['Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control', 'Adaptive Sparse Allocation with Mutual Choice & Feature Choice Sparse Autoencoders'] },
  { kind: 'words', query: 'neural collapse', expect: ['Perturbation Analysis of Neural Collapse', 'Pushing Boundaries: Mixup\'s Influence on Neural Collapse', 'Neural Collapse in Deep Linear Networks: From Balanced to Imbalanced Data'] },
  { kind: 'words', query: 'speech enhancement', expect: ['DeFTAN-II: Efficient Multichannel Speech Enhancement with Subgroup Processing'] },
  { kind: 'words', query: 'barlow twins', expect: ['Guarding Barlow Twins Against Overfitting with Mixed Samples'] },
  { kind: 'words', query: 'token merging', expect: ['Accelerating Transformers with Spectrum-Preserving Token Merging'] },
  { kind: 'words', query: 'reflection removal', expect: ['Benchmarking Ultra-High-Definition Image Reflection Removal'] },
  { kind: 'words', query: 'catastrophic overfitting', expect: ['Eliminating Catastrophic Overfitting Via Abnormal Adversarial Examples Regularization'] },
  { kind: 'words', query: 'vision transformer edge devices', expect: ['ED-ViT: Splitting Vision Transformer for Distributed Inference on Edge Devices'] },
  { kind: 'words', query: 'class imbalance', expect: ['A systematic study of the class imbalance problem in convolutional neural networks'] },
  { kind: 'words', query: 'diffusion models classification', expect: ['Diffusion Models Beat GANs on Image Classification'] },
  { kind: 'words', query: 'permutations least squares', expect: ['PLeaS -- Merging Models with Permutations and Least Squares'] },
  // acronyms and plural acronyms
  { kind: 'acronym', query: 'SAE', expect: ['Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control', 'Adaptive Sparse Allocation with Mutual Choice & Feature Choice Sparse Autoencoders'] },
  { kind: 'acronym', query: 'SMOTE', expect: ['SMOTE: Synthetic Minority Over-sampling Technique'] },
  { kind: 'acronym', query: 'ULSAM', expect: ['ULSAM: Ultra-Lightweight Subspace Attention Module for Compact Convolutional Neural Networks'] },
  { kind: 'acronym', query: 'llava high resolution', expect: ['HiRes-LLaVA: Restoring Fragmentation Input in High-Resolution Large Vision-Language Models', 'Beyond LLaVA-HD: Diving into High-Resolution Large Multimodal Models'] },
  { kind: 'acronym', query: 'LoRA style', expect: ['Implicit Style-Content Separation using B-LoRA'] },
  // an acronym finding papers that only spell it out (curated table), and an expansion finding the acronym
  { kind: 'acronym', query: 'MoE', expect: ['Beyond LLaVA-HD: Diving into High-Resolution Large Multimodal Models'] },
  { kind: 'acronym', query: 'PTQ', expect: ['Improving Post Training Neural Quantization: Layer-wise Calibration and Integer Programming'] },
  { kind: 'acronym', query: 'KD', expect: ['LAPTOP-Diff: Layer Pruning and Normalized Distillation for Compressing Diffusion Models', 'Network Pruning via Transformable Architecture Search', 'Supervised Compression for Resource-Constrained Edge Computing Systems'] },
  { kind: 'expansion', query: 'generative adversarial networks', expect: ['Diffusion Models Beat GANs on Image Classification'] },
  { kind: 'expansion', query: 'out-of-distribution generalization', expect: ['Spurious Feature Diversification Improves Out-of-distribution Generalization', 'Unraveling the Key Components of OOD Generalization via Diversification'] },
  // typos
  { kind: 'typo', query: 'autoencodr', expect: ['Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control', 'Adaptive Sparse Allocation with Mutual Choice & Feature Choice Sparse Autoencoders'] },
  { kind: 'typo', query: 'trnasformers support vector', expect: ['Transformers as Support Vector Machines'] },
  { kind: 'typo', query: 'wasserstien dependency', expect: ['Wasserstein Dependency Measure for Representation Learning'] },
  { kind: 'typo', query: 'difusion modles', expect: ['Diffusion Models Beat GANs on Image Classification', 'Ensembling Diffusion Models via Adaptive Feature Aggregation'] },
  { kind: 'typo', query: 'gabor textur', expect: ['Learning Gabor Texture Features for Fine-Grained Recognition'] },
  // prefixes
  { kind: 'prefix', query: 'quantiz', expect: ['SplitQuant: Layer Splitting for Low-Bit Neural Network Quantization', 'Improving Post Training Neural Quantization: Layer-wise Calibration and Integer Programming'] },
  { kind: 'prefix', query: 'overparameteriz', expect: ['More is Better in Modern Machine Learning: when Infinite Overparameterization is Optimal and Overfitting is Obligatory'] },
  { kind: 'prefix', query: 'distill dataset', expect: ['Self-Supervised Dataset Distillation for Transfer Learning', 'Rethinking Large-scale Dataset Compression: Shifting Focus From Labels to Images'] },
  // concept words found only in abstracts
  { kind: 'abstract', query: 'indirect object identification', expect: ['Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control'] },
  { kind: 'abstract', query: 'SDXL', expect: ['LAPTOP-Diff: Layer Pruning and Normalized Distillation for Compressing Diffusion Models'] },
  { kind: 'abstract', query: 'DeepFashion', expect: ['[Re] Don\'t Judge an Object by Its Context: Learning to Overcome Contextual Bias'] },
  { kind: 'abstract', query: 'recommender systems', expect: ['OutRank: Speeding up AutoML-based Model Search for Large Sparse Data sets with Cardinality-aware Feature Ranking', 'Optimizing Feature Set for Click-Through Rate Prediction'] },
  { kind: 'abstract', query: 'QuickSelection', expect: ['Quick and Robust Feature Selection: the Strength of Energy-efficient Sparse Training for Autoencoders'] },
  // question-shaped phrasings: the words framing the request must not outrank the subject (issue 19, 13b);
  // each expects what the bare subject finds first
  { kind: 'phrasing', query: "I'm looking for papers on neural collapse", expect: ['Perturbation Analysis of Neural Collapse', 'Pushing Boundaries: Mixup\'s Influence on Neural Collapse', 'Neural Collapse in Deep Linear Networks: From Balanced to Imbalanced Data'] },
  { kind: 'phrasing', query: "what's new in quantization", expect: ['SplitQuant: Layer Splitting for Low-Bit Neural Network Quantization', 'Improving Post Training Neural Quantization: Layer-wise Calibration and Integer Programming'] },
  { kind: 'phrasing', query: 'papers about reflection removal', expect: ['Benchmarking Ultra-High-Definition Image Reflection Removal'] },
  { kind: 'phrasing', query: 'show me work on barlow twins', expect: ['Guarding Barlow Twins Against Overfitting with Mixed Samples'] },
  { kind: 'phrasing', query: 'anything on speech enhancement?', expect: ['DeFTAN-II: Efficient Multichannel Speech Enhancement with Subgroup Processing'] },
  { kind: 'phrasing', query: 'I want to read about catastrophic overfitting', expect: ['Eliminating Catastrophic Overfitting Via Abnormal Adversarial Examples Regularization'] },
  { kind: 'phrasing', query: 'recent papers on sparse autoencoders', expect: ['Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control', 'Adaptive Sparse Allocation with Mutual Choice & Feature Choice Sparse Autoencoders'] },
  { kind: 'phrasing', query: "what's new in token merging", expect: ['Accelerating Transformers with Spectrum-Preserving Token Merging'] },
  { kind: 'phrasing', query: 'papers about class imbalance', expect: ['A systematic study of the class imbalance problem in convolutional neural networks'] },
  { kind: 'phrasing', query: 'find me papers on dataset distillation', expect: ['Self-Supervised Dataset Distillation for Transfer Learning', 'Rethinking Large-scale Dataset Compression: Shifting Focus From Labels to Images'] },
  { kind: 'phrasing', query: 'any recent work on shortcut learning?', expect: ['On the Foundations of Shortcut Learning'] },
  { kind: 'phrasing', query: 'what do we know about neural collapse', expect: ['Perturbation Analysis of Neural Collapse', 'Pushing Boundaries: Mixup\'s Influence on Neural Collapse', 'Neural Collapse in Deep Linear Networks: From Balanced to Imbalanced Data'] },
  { kind: 'phrasing', query: 'papers about recommender systems', expect: ['OutRank: Speeding up AutoML-based Model Search for Large Sparse Data sets with Cardinality-aware Feature Ranking', 'Optimizing Feature Set for Click-Through Rate Prediction'] },
  { kind: 'phrasing', query: 'papers on Wasserstein dependency', expect: ['Wasserstein Dependency Measure for Representation Learning'] },
];

/** Mean reciprocal rank of ranked cases. */
const mrrOf = (ranks: { rank: number | undefined }[]) => ranks.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / ranks.length;

describe('search relevance on the sample digest', () => {
  const library = sampleLibrary();
  const ranks = CASES.map((c) => {
    const titles = library.search(c.query, { pageSize: 50 }).hits.map((h) => h.paper.title);
    const at = titles.findIndex((t) => c.expect.includes(t));
    return { ...c, rank: at === -1 ? undefined : at + 1, got: titles[0] };
  });

  it('has at least 25 queries, each expecting titles that exist', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    for (const c of CASES) for (const t of c.expect) expect(library.complete(t, 100).map((p) => p.title)).toContain(t);
  });

  it('keeps mean reciprocal rank at or above 0.97', () => {
    const mrr = ranks.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / ranks.length;
    const misses = ranks.filter((r) => r.rank !== 1).map((r) => `  [${r.kind}] "${r.query}": rank ${r.rank ?? 'not found'} (top: ${r.got})`);
    // The misses are the failure message: shown when the bar is missed, not dumped on every run.
    expect(mrr, `relevance: MRR ${mrr.toFixed(3)} over ${ranks.length} queries${misses.length ? `; not first:\n${misses.join('\n')}` : ''}`).toBeGreaterThanOrEqual(0.97);
  });

  it('ranks question-shaped phrasings as their bare subject (MRR >= 0.95 on them), and the rest as before', () => {
    const phrased = ranks.filter((r) => r.kind === 'phrasing');
    const others = ranks.filter((r) => r.kind !== 'phrasing');
    // The same cases with coverage counting every word alike, as before rarity weighed it.
    const plain = new PaperLibrary(undefined, { weighCoverage: false });
    plain.addDigest(sampleDigest());
    const before = CASES.map((c) => {
      const at = plain.search(c.query, { pageSize: 50 }).hits.findIndex((h) => c.expect.includes(h.paper.title));
      return { kind: c.kind, rank: at === -1 ? undefined : at + 1 };
    });
    console.log(
      `relevance: phrasings MRR ${mrrOf(phrased).toFixed(3)} (every word alike: ${mrrOf(before.filter((r) => r.kind === 'phrasing')).toFixed(3)}),` +
        ` the others ${mrrOf(others).toFixed(3)} (every word alike: ${mrrOf(before.filter((r) => r.kind !== 'phrasing')).toFixed(3)})`,
    );
    expect(phrased.length).toBeGreaterThanOrEqual(10);
    expect(mrrOf(phrased)).toBeGreaterThanOrEqual(0.95);
    expect(mrrOf(others)).toBeGreaterThanOrEqual(mrrOf(before.filter((r) => r.kind !== 'phrasing')));
  });

  it('finds no more with a request’s framing than the subject alone: nothing when the library lacks the subject', () => {
    const library = new PaperLibrary();
    library.addDigest(sampleDigest());
    for (const subject of ['minecraft', 'quantization', 'sparse autoencoders', 'diffusion']) {
      const bare = library.search(subject, { pageSize: 50 });
      for (const framed of [`I'm looking for papers on ${subject}`, `any new work about ${subject}?`, `show me recent papers about ${subject} please`]) {
        const asked = library.search(framed, { pageSize: 50 });
        expect(asked.total, framed).toBe(bare.total);
        expect(asked.hits.map((h) => h.paper.id).sort(), framed).toEqual(bare.hits.map((h) => h.paper.id).sort());
      }
    }
    // Framing words alone are searched as typed.
    expect(library.search('new papers', { pageSize: 5 }).total).toBeGreaterThan(0);
  });

  it('finds every query somewhere in the results', () => {
    expect(ranks.filter((r) => r.rank === undefined).map((r) => r.query)).toEqual([]);
  });
});

/** Mean reciprocal rank of the cases over a library, and a report of the misses for a failure message. */
function meanReciprocalRank(library: PaperLibrary, label: string): { mrr: number; report: string } {
  const ranks = CASES.map((c) => {
    const titles = library.search(c.query, { pageSize: 50 }).hits.map((h) => h.paper.title);
    const at = titles.findIndex((t) => c.expect.includes(t));
    return { ...c, rank: at === -1 ? undefined : at + 1 };
  });
  const mrr = ranks.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / ranks.length;
  const misses = ranks.filter((r) => r.rank !== 1).map((r) => `  [${r.kind}] "${r.query}": rank ${r.rank ?? 'not found'}`);
  return { mrr, report: `relevance (${label}): MRR ${mrr.toFixed(3)}${misses.length ? `; not first:\n${misses.join('\n')}` : ''}` };
}

// A large library searches differently (PaperLibrary.queryFor: common words in
// titles only, fewer expansions). The same cases among 3,000 generated papers
// that share the sample's vocabulary check that this costs no quality: over
// the first 33 cases, every term searched in both fields with full expansion
// (the small-library path) scored 0.828, the large-library path 0.831.
describe('search relevance in a large library (the sample among 3,000 generated papers)', () => {
  it('keeps mean reciprocal rank at or above 0.8', () => {
    const library = sampleLibrary();
    for (const day of generateCorpus(3_000)) {
      library.addDigest(parseDigest(digestText(day), { fileName: `hf-daily-papers-${day.date}.txt`, now: NOW }));
    }
    expect(library.size).toBe(3_084);
    const { mrr, report } = meanReciprocalRank(library, 'sample + 3,000 generated');
    expect(mrr, report).toBeGreaterThanOrEqual(0.8);
  });
});
