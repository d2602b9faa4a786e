import { readdir } from 'node:fs/promises';
import type { Logger } from '../../ops/logger.js';
import type { DigestArchiveStore } from '../../store/store.js';
import { stripBidi } from '../../text/unicode-controls.js';
import { capAbstract } from '../abstract-limit.js';
import type { IngestSink } from '../ingest-sink.js';
import type { ParsedDigest } from './digest-types.js';

/**
 * Nothing already ingested is lost: every digest read with papers is kept in
 * the store, and at start the kept copy of any file that is gone from the
 * digest folder, or now fails to load, goes back into the library. (Adding a
 * digest twice changes nothing, so a partly readable file loses no papers.)
 */
export async function restoreArchivedDigests(opts: {
  sink: IngestSink;
  store: DigestArchiveStore;
  dir: string;
  problemFiles: readonly string[];
  logger: Logger;
}): Promise<number> {
  const present = new Set(await readdir(opts.dir).catch(() => [] as string[]));
  const wanted = (await opts.store.archivedFiles()).filter((f) => !present.has(f) || opts.problemFiles.includes(f));
  if (wanted.length === 0) return 0;
  const intake = opts.sink.source('digest-archived');
  let kept = 0;
  for (const digest of await opts.store.archivedDigests(wanted)) kept += (await intake.add(tidyArchived(digest))).papersAdded;
  // A file with one damaged paragraph usually lost nothing the archive holds: then there is nothing to say.
  if (kept > 0) {
    const digests = wanted.length === 1 ? '1 digest that is' : `${wanted.length} digests that are`;
    opts.logger.info(`Kept ${kept} papers from earlier copies of ${digests} gone or now partly unreadable in ${opts.dir} (${wanted.join(', ')})`);
  }
  return kept;
}

/**
 * A digest archived by an older paperbot may predate the abstract cap and the
 * removal of bidi controls: it gets both on the way back into the library.
 */
function tidyArchived(digest: ParsedDigest): ParsedDigest {
  return {
    ...digest,
    sections: digest.sections.map((s) => ({
      ...s,
      papers: s.papers.map((p) => ({ ...p, title: stripBidi(p.title), abstract: capAbstract(stripBidi(p.abstract)).text })),
    })),
  };
}
