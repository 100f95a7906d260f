import { createHash } from "crypto";

/**
 * Rendezvous (highest-random-weight) hashing: the bucket `i` in `0..count-1` with the highest
 * `sha256("<key>#<i>")`. It depends on nothing but the key and the count, so adding or removing
 * another key never moves this one, and adding a bucket at the end only moves the keys that then
 * rank it highest (about 1 in count+1), where `hash mod count` would move most of them.
 */
export function rendezvousIndex(key: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`rendezvousIndex: count must be a whole number >= 1, got ${count}`);
  let best = 0;
  let bestScore = -1;
  for (let index = 0; index < count; index++) {
    const score = createHash("sha256").update(`${key}#${index}`).digest().readUInt32BE(0);
    if (score > bestScore) [best, bestScore] = [index, score];
  }
  return best;
}
