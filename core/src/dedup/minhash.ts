import { combineToKey, mix32 } from "./hashing.ts";

/**
 * MinHash over character bigrams, banded for LSH. Character bigrams hold up on short Chinese posts where
 * SimHash over words does not: a one-word edit to a 40-character question still leaves most bigrams shared.
 *
 * 60 hashes in 20 bands of 3: a pair with Jaccard 0.5 shares a band with probability 1 − (1 − 0.5³)²⁰ ≈ 0.93,
 * at 0.6 ≈ 0.99, while unrelated posts (Jaccard ≈ 0.02) collide with probability ≈ 0.0002.
 */
export const MINHASH_BANDS = 20;
export const MINHASH_ROWS = 3;
const HASHES = MINHASH_BANDS * MINHASH_ROWS;
const SEEDS = Array.from({ length: HASHES }, (_, i) => mix32(0x5bd1e995 ^ Math.imul(i + 1, 0x27d4eb2d)));

export function characterBigrams(normalized: string): Set<string> {
  const chars = Array.from(normalized);
  const grams = new Set<string>();
  if (chars.length === 1) grams.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return grams;
}

export function computeMinHash(grams: Iterable<string>): Uint32Array {
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  for (const gram of grams) {
    const base = (gram.charCodeAt(0) * 0x10001 + (gram.charCodeAt(1) || 0)) >>> 0;
    for (let i = 0; i < HASHES; i++) {
      const value = mix32(base ^ SEEDS[i]!);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

/** One key per band; posts sharing any key are near-duplicate candidates. */
export function bandKeys(signature: Uint32Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < MINHASH_BANDS; band++) {
    const start = band * MINHASH_ROWS;
    keys.push(combineToKey([0x6d696e00 + band, ...signature.subarray(start, start + MINHASH_ROWS)]));
  }
  return keys;
}

/**
 * The low 16 bits of each value, two bytes apiece: what is stored to estimate similarity later. Two different
 * minima agree in their low bits once in 65,536, too seldom to move an estimate over 60 positions, and the
 * signature shrinks from 240 bytes (and 660 characters of JSON on its way in) to 120.
 */
export function packMinHash(signature: Uint32Array): Uint8Array {
  const packed = new Uint8Array(signature.length * 2);
  for (let i = 0; i < signature.length; i++) {
    packed[2 * i] = signature[i]! & 0xff;
    packed[2 * i + 1] = (signature[i]! >>> 8) & 0xff;
  }
  return packed;
}
