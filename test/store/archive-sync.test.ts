import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import { syncArchivedDigests, type ArchiveSync } from '../../src/store/archive-sync.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { createIngestSink } from '../../src/sources/ingest-sink.js';
import { NOW, sampleDigest } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const open: (Store | ArchiveSync)[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) 'stop' in o ? o.stop() : await o.close();
});

describe('following the shared digest archive', () => {
  it('adds the digests another replica archived, once each, and not the ones this replica read itself', async () => {
    const store = openSqliteStore(join(tmp(), 'paperbot.db'));
    open.push(store);
    await store.archiveDigest(sampleDigest(), 1);
    const library = new PaperLibrary();
    library.addDigest(sampleDigest());
    const logs: string[] = [];
    // The sink knows what the library holds: the archive's list at start, then what this replica reads.
    const sink = createIngestSink({ library, logger: createLogger({ level: 'silent' }) });
    sink.know(await store.archivedFiles());
    const sync = syncArchivedDigests({ store, sink, intervalMs: 60_000, logger: createLogger({ level: 'info', write: (l) => logs.push(l) }) });
    open.push(sync);
    expect(await sync.poll()).toBe(0);

    // Another replica reads a new digest from its folder and archives it.
    await store.archiveDigest(parseDigest('Apr 22\n\nZebra Finch Song Models\n\nWe model zebra finch songs. It works.\n', { fileName: 'zebra.txt', now: NOW }), 2);
    // This replica read one itself meanwhile (through the sink, as its folder watcher does): it is not fetched back.
    const own = parseDigest('Apr 22\n\nOwn Paper Here\n\nWe do our own thing. It works.\n', { fileName: 'own.txt', now: NOW });
    await sink.source('digest-watch').add(own);
    await store.archiveDigest(own, 3);

    expect(await sync.poll()).toBe(1);
    expect(library.search('zebra finch').hits[0]?.paper.title).toBe('Zebra Finch Song Models');
    expect(await sync.poll()).toBe(0);
    expect(logs).toEqual(['archive: added 1 papers from 1 digest another replica read (zebra.txt); 86 papers in all']);
  });

  it('asks the store only what changed since its last look: an idle poll reads no file names', async () => {
    const store = openSqliteStore(join(tmp(), 'paperbot.db'));
    open.push(store);
    for (let day = 1; day <= 30; day++) {
      await store.archiveDigest(parseDigest(`Apr ${day}\n\nPaper Number ${day}\n\nWe study thing ${day}. It works.\n`, { fileName: `d${day}.txt`, now: NOW }), day);
    }
    // Every file name any store method hands the sync, counted.
    let names = 0;
    const counting = new Proxy(store, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (Array.isArray(result)) names += result.length;
          else if (typeof result === 'object' && result !== null && Array.isArray((result as { files?: unknown }).files)) names += (result as { files: unknown[] }).files.length;
          return result;
        };
      },
    });
    const library = new PaperLibrary();
    const sink = createIngestSink({ library, logger: createLogger({ level: 'silent' }) });
    sink.know(await store.archivedFiles());
    const sync = syncArchivedDigests({ store: counting, sink, intervalMs: 60_000, logger: createLogger({ level: 'info', write: () => undefined }) });
    open.push(sync);
    expect(await sync.poll()).toBe(0);
    names = 0;
    for (let i = 0; i < 5; i++) expect(await sync.poll()).toBe(0);
    expect(names).toBe(0);

    // One digest archived by another replica: only it comes back.
    await store.archiveDigest(parseDigest('Apr 22\n\nZebra Finch Song Models\n\nWe model zebra finch songs. It works.\n', { fileName: 'zebra.txt', now: NOW }), 40);
    expect(await sync.poll()).toBe(1);
    expect(names).toBe(2); // its name, then its digest
    names = 0;
    expect(await sync.poll()).toBe(0);
    expect(names).toBe(0);
  });
});
