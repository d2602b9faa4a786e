import type { DigestProblem } from './digest-types.js';

/**
 * Problems shown per file and level; the rest are counted. A file of a
 * million bad lines must not print a million warnings on every start (the
 * list is also kept in the index cache and shown again at each start).
 */
export const PROBLEMS_SHOWN = 10;

/**
 * Collects one file's problems: the first {@link PROBLEMS_SHOWN} of each
 * level are kept, the others only counted, so memory stays small whatever
 * the file holds. `list()` ends with one summary line per level that
 * overflowed ("… and 999,990 more warnings in this file, not listed").
 */
export class ProblemLog {
  readonly #kept: DigestProblem[] = [];
  readonly #shown = { error: 0, warning: 0 };
  readonly #more = { error: 0, warning: 0 };

  constructor(readonly file: string) {}

  add(level: DigestProblem['level'], message: string, line?: number): void {
    if (this.#shown[level] >= PROBLEMS_SHOWN) {
      this.#more[level]++;
      return;
    }
    this.#shown[level]++;
    this.#kept.push(line === undefined ? { level, file: this.file, message } : { level, file: this.file, line, message });
  }

  /** Whether any error was added (something was not loaded). */
  get hasErrors(): boolean {
    return this.#shown.error > 0;
  }

  /** The kept problems in the order found, then a summary line per level that overflowed. */
  list(): DigestProblem[] {
    const out = [...this.#kept];
    for (const level of ['error', 'warning'] as const) {
      const more = this.#more[level];
      if (more > 0) out.push({ level, file: this.file, message: `\u2026 and ${more.toLocaleString('en-US')} more ${level}s in this file, not listed`, count: more });
    }
    return out;
  }
}
