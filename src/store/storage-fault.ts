// A store that cannot write (or read) because of the machine, not a bug: the
// disk is full, the file system is read-only, the process lacks permission.
// Store implementations raise it with the operating system's cause; the core
// turns it into a clear answer, and everything that does not need the store
// (search, today, random) keeps working.

/** The operating system's reason, as its errno name; `SQLITE_*` when none applies. */
export type StorageCause = 'ENOSPC' | 'EROFS' | 'EACCES' | 'EIO' | 'EBUSY' | (string & {});

/** What each cause means, in words an operator acts on. */
const MEANING: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EIO: 'an input/output error (a failing disk?)',
  EBUSY: 'the database is locked by another process',
};

/** A store operation that failed for a reason outside paperbot. */
export class StorageFault extends Error {
  constructor(
    /** The errno name (ENOSPC, EROFS, EACCES, EIO, EBUSY) or the store's own code. */
    readonly code: StorageCause,
    /** The file or database the store uses. */
    readonly location: string,
    /** What was being done, e.g. "save the subscription". */
    readonly operation: string,
    /** True when the failure was a write (reads may still work). */
    readonly write: boolean,
    options?: { cause?: unknown },
  ) {
    super(`cannot ${operation} in ${location}: ${describeCause(code)} (${code})`, options);
    this.name = 'StorageFault';
  }

  /** The answer a chat user gets: what failed and what still works, without server paths. */
  get userMessage(): string {
    const what = this.write ? 'I could not save that' : 'I could not read the saved settings';
    return `${what}: the bot's data storage failed (${describeCause(this.code)}, ${this.code}). Searching still works; please tell whoever runs paperbot.`;
  }
}

/** "the disk is full" for ENOSPC; the code itself when it has no plain meaning. */
export function describeCause(code: StorageCause): string {
  return MEANING[code] ?? `error ${code}`;
}
