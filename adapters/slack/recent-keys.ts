/**
 * A bounded set of recently seen keys (oldest forgotten first), for
 * "already answered" checks that must not grow without limit.
 */
export class RecentKeys {
  readonly #keys = new Set<string>();
  constructor(readonly capacity: number) {}

  /** Adds a key; false if it was already there. */
  add(key: string): boolean {
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    if (this.#keys.size > this.capacity) this.#keys.delete(this.#keys.values().next().value as string);
    return true;
  }

  delete(key: string): void {
    this.#keys.delete(key);
  }
}
