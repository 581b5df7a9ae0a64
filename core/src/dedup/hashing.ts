/** 32-bit hashing primitives for sketches: FNV-1a over strings, MurmurHash3's finaliser to mix. */

export function hashString32(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix32(hash);
}

export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds a few 32-bit values into one signed 32-bit key (PostgreSQL `integer`). */
export function combineToKey(values: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) h = mix32(h ^ mix32(value + 0x7f4a7c15));
  return h | 0;
}
