import type { ParsedDigest } from '../../src/sources/digest/digest-types.js';
import type { LiveDay } from '../../src/sources/huggingface/live-day.js';
import type { LookedUpPaper } from '../../src/sources/huggingface/paper-api.js';
import type { IngestSinkDeps } from '../../src/sources/ingest-sink.js';

/** The store role an ingest sink writes to, held in memory: each write is handed to `onDigest` / `onDay` / `onLookup`. */
export function memoryArchive(opts: { onDigest?: (digest: ParsedDigest) => void; onDay?: (day: LiveDay) => void; onLookup?: (paperId: string, item: LookedUpPaper) => void }): NonNullable<IngestSinkDeps['store']> {
  return {
    location: 'memory',
    archiveDigest: async (digest) => opts.onDigest?.(digest),
    saveLiveDay: async (day) => opts.onDay?.(day),
    keepLookedUp: async (paperId, item) => opts.onLookup?.(paperId, item),
  };
}
