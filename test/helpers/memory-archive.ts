import type { ParsedDigest } from '../../src/sources/digest/digest-types.js';
import type { LiveDay } from '../../src/sources/huggingface/live-day.js';
import type { IngestSinkDeps } from '../../src/sources/ingest-sink.js';

/** The store role an ingest sink writes to, held in memory: each write is handed to `onDigest` / `onDay`. */
export function memoryArchive(opts: { onDigest?: (digest: ParsedDigest) => void; onDay?: (day: LiveDay) => void }): NonNullable<IngestSinkDeps['store']> {
  return {
    location: 'memory',
    archiveDigest: async (digest) => opts.onDigest?.(digest),
    saveLiveDay: async (day) => opts.onDay?.(day),
  };
}
