import type { Rng } from "./rng";

/** Smooth value noise on a random lattice; returns values in about [-1, 1]. */
export type Noise2D = (x: number, y: number) => number;

/**
 * Value noise with `cellX` × `cellY` pixel cells; anisotropic cells give the
 * horizontally stretched texture typical of breast tissue planes.
 */
export function valueNoise(rng: Rng, width: number, height: number, cellX: number, cellY: number): Noise2D {
  const cols = Math.ceil(width / cellX) + 2;
  const rows = Math.ceil(height / cellY) + 2;
  const lattice = new Float32Array(cols * rows);
  for (let i = 0; i < lattice.length; i++) lattice[i] = rng.uniform(-1, 1);
  const at = (c: number, r: number): number => lattice[Math.min(rows - 1, r) * cols + Math.min(cols - 1, c)] as number;
  const fade = (t: number): number => t * t * (3 - 2 * t);
  return (x, y) => {
    const gx = Math.max(0, x / cellX);
    const gy = Math.max(0, y / cellY);
    const c = Math.floor(gx);
    const r = Math.floor(gy);
    const fx = fade(gx - c);
    const fy = fade(gy - r);
    const top = at(c, r) * (1 - fx) + at(c + 1, r) * fx;
    const bottom = at(c, r + 1) * (1 - fx) + at(c + 1, r + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  };
}

/** Sum of octaves of value noise, normalised to about [-1, 1]. */
export function fractalNoise(
  rng: Rng,
  width: number,
  height: number,
  cellX: number,
  cellY: number,
  octaves: number,
): Noise2D {
  const layers: Noise2D[] = [];
  for (let o = 0; o < octaves; o++) {
    const scale = 2 ** o;
    layers.push(valueNoise(rng, width, height, Math.max(1, cellX / scale), Math.max(1, cellY / scale)));
  }
  let norm = 0;
  for (let o = 0; o < octaves; o++) norm += 0.5 ** o;
  return (x, y) => {
    let sum = 0;
    for (let o = 0; o < layers.length; o++) sum += (layers[o] as Noise2D)(x, y) * 0.5 ** o;
    return sum / norm;
  };
}
