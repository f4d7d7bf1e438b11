import { seededRandom } from "../model/parameters.js";
/** A seeded uniform [0,1) generator, so click sampling and training order are reproducible. */
export type Rng = () => number;

/** mulberry32 (the model's own seeded generator): good enough for sampling clicks and shuffling. */
export function createRng(seed: number): Rng {
  return seededRandom(seed);
}

/** Standard normal sample (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** In-place Fisher–Yates shuffle. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
