import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { PaperLibrary } from '../../src/library/library.js';

/** The bundled sample digest, as shipped in seeds/. */
export const SAMPLE_PATH = fileURLToPath(new URL('../../seeds/hf-daily-papers-apr-21.txt', import.meta.url));
export const SAMPLE_TEXT = readFileSync(SAMPLE_PATH, 'utf8');
/** A fixed ingestion time, so the sample's "Apr 21" is always 2026-04-21. */
export const NOW = new Date('2026-11-28T12:00:00Z');

export function sampleDigest() {
  return parseDigest(SAMPLE_TEXT, { fileName: 'hf-daily-papers-apr-21.txt', now: NOW });
}

export function sampleLibrary(): PaperLibrary {
  const library = new PaperLibrary();
  library.addDigest(sampleDigest());
  return library;
}
