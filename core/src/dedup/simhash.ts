import { combineToKey, hashString32 } from "./hashing.ts";

/**
 * 64-bit SimHash over words, for long texts (articles) where bigram sets get large. Two texts within
 * Hamming distance 3 share at least one of four 16-bit blocks (pigeonhole), so the blocks are the index keys.
 */
export const SIMHASH_MAX_DISTANCE = 3;

export function computeSimHash(words: readonly string[]): bigint {
  const weights = new Int32Array(64);
  for (const word of words) {
    const low = hashString32(word);
    const high = hashString32(word, 0x01234567);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit]! += (low >>> bit) & 1 ? 1 : -1;
      weights[bit + 32]! += (high >>> bit) & 1 ? 1 : -1;
    }
  }
  let hash = 0n;
  for (let bit = 63; bit >= 0; bit--) hash = (hash << 1n) | (weights[bit]! > 0 ? 1n : 0n);
  return BigInt.asIntN(64, hash);
}

export function simHashKeys(hash: bigint): number[] {
  const unsigned = BigInt.asUintN(64, hash);
  const keys: number[] = [];
  for (let block = 0; block < 4; block++) {
    const value = Number((unsigned >> BigInt(block * 16)) & 0xffffn);
    keys.push(combineToKey([0x73696d00 + block, value]));
  }
  return keys;
}

export function hammingDistance(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let count = 0;
  while (x) {
    x &= x - 1n;
    count++;
  }
  return count;
}
