/** 32-bit FNV-1a of the UTF-8 bytes of `text` (offset basis 2166136261, prime 16777619). */
export function fnv1a32(text: string): number {
  let hash = 2166136261;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash >>> 0;
}

export type Split = "train" | "test";

/** docs/method.md §4: an id is in the test split when FNV-1a-32(id) mod 5 == 0, else train. */
export function splitOf(id: string): Split {
  return fnv1a32(id) % 5 === 0 ? "test" : "train";
}
