/**
 * A string → amount map for joining a large price file (Parts Unlimited's dealer file) without
 * a `Map` of a million strings. Keys are copied into one growing `Uint16Array` (UTF-16 code
 * units), prices into a `Float64Array`, and an open-addressing table of `Int32Array` slots points
 * at them: about `2 × key length + 28` bytes per entry (≈ 50 MB for a million 10-character part
 * numbers at the worst moment of a resize, ≈ 40 MB after), against ≈ 100 MB for a `Map`.
 */
export interface CompactPriceMap {
  /** Entries held. */
  readonly size: number;
  /** Sets the amount of `key` (replacing an earlier one). */
  set(key: string, amount: number): void;
  /** The amount of `key`, or `undefined`. */
  get(key: string): number | undefined;
  /** Bytes held by the backing arrays. */
  readonly byteLength: number;
}

const EMPTY = -1;

function hashOf(key: string): number {
  // FNV-1a over UTF-16 code units.
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Creates an empty {@link CompactPriceMap}.
 *
 * @param expectedSize - entries expected (sizes the first allocation; it grows past it).
 */
export function createCompactPriceMap(expectedSize = 1024): CompactPriceMap {
  let capacity = 16;
  while (capacity < expectedSize) capacity *= 2;
  let amounts = new Float64Array(capacity);
  let starts = new Int32Array(capacity + 1);
  let characters = new Uint16Array(capacity * 12);
  let slots = new Int32Array(capacity * 2).fill(EMPTY);
  let mask = slots.length - 1;
  let size = 0;

  function matches(entry: number, key: string): boolean {
    const start = starts[entry] as number;
    const end = starts[entry + 1] as number;
    if (end - start !== key.length) return false;
    for (let index = 0; index < key.length; index++) {
      if (characters[start + index] !== key.charCodeAt(index)) return false;
    }
    return true;
  }

  function findSlot(key: string, hash: number): number {
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot] as number;
      if (entry === EMPTY || matches(entry, key)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  function entryKeyHash(entry: number): number {
    let hash = 0x811c9dc5;
    const end = starts[entry + 1] as number;
    for (let index = starts[entry] as number; index < end; index++) {
      hash ^= characters[index] as number;
      hash = Math.imul(hash, 0x01000193);
    }
    return hash >>> 0;
  }

  function growEntries(): void {
    capacity *= 2;
    const grownAmounts = new Float64Array(capacity);
    grownAmounts.set(amounts);
    amounts = grownAmounts;
    const grownStarts = new Int32Array(capacity + 1);
    grownStarts.set(starts);
    starts = grownStarts;
  }

  function growSlots(): void {
    slots = new Int32Array(slots.length * 2).fill(EMPTY);
    mask = slots.length - 1;
    for (let entry = 0; entry < size; entry++) {
      let slot = entryKeyHash(entry) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
  }

  return {
    get size() {
      return size;
    },
    get byteLength() {
      return amounts.byteLength + starts.byteLength + characters.byteLength + slots.byteLength;
    },
    set(key, amount) {
      const slot = findSlot(key, hashOf(key));
      const existing = slots[slot] as number;
      if (existing !== EMPTY) {
        amounts[existing] = amount;
        return;
      }
      if (size === capacity) growEntries();
      const start = starts[size] as number;
      if (start + key.length > characters.length) {
        const grown = new Uint16Array(Math.max(characters.length * 2, start + key.length));
        grown.set(characters);
        characters = grown;
      }
      for (let index = 0; index < key.length; index++) characters[start + index] = key.charCodeAt(index);
      starts[size + 1] = start + key.length;
      amounts[size] = amount;
      slots[slot] = size;
      size++;
      if (size * 2 > slots.length) growSlots();
    },
    get(key) {
      const entry = slots[findSlot(key, hashOf(key))] as number;
      return entry === EMPTY ? undefined : amounts[entry];
    },
  };
}
