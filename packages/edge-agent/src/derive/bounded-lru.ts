/**
 * A map that keeps at most `capacity` entries and forgets the least recently used one when a
 * new key would pass it. Per-source derive state lives in one, so its size is set by
 * configuration, not by how many distinct topics or devices the traffic happens to name.
 */
export class BoundedLru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value of `key`, which becomes the most recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Map iterates in insertion order: re-inserting moves the key to the young end.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** Sets `key` as the most recently used; returns the entry forgotten to make room, if any. */
  set(key: K, value: V): [K, V] | undefined {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size <= this.capacity) return undefined;
    const oldest = this.map.entries().next().value as [K, V];
    this.map.delete(oldest[0]);
    return oldest;
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }
}
