import { describe, expect, it } from "vitest";
import {
  boundaryBand,
  boundaryEntropy,
  disagreement,
  fractionalRanks,
  instability,
  lowResValidRegion,
  rankAverage,
  uncertaintyParts,
  type UncertaintyParts,
} from "../src/active-learning";

const N = 256;
const FULL = { columns: N, rows: N };

/** 256² logits: `inside` within the axis-aligned rectangle [x0, x1) × [y0, y1), `outside` elsewhere. */
function rectLogits(x0: number, y0: number, x1: number, y1: number, inside: number, outside: number): Float32Array {
  const out = new Float32Array(N * N).fill(outside);
  for (let y = y0; y < y1; y++) out.fill(inside, y * N + x0, y * N + x1);
  return out;
}

describe("lowResValidRegion", () => {
  it("keeps the low-res pixels of the resized image (bottom/right padding excluded)", () => {
    expect(lowResValidRegion({ width: 320, height: 240 })).toEqual({ columns: 256, rows: 192 });
    expect(lowResValidRegion({ width: 100, height: 300 })).toEqual({ columns: Math.ceil(341 / 4), rows: 256 });
  });
});

describe("instability (1 − stability)", () => {
  it("is 0 for confident logits and the area ratio for a soft rim", () => {
    expect(instability(rectLogits(10, 10, 50, 50, 8, -8), FULL)).toBe(0);
    // Core 20×20 at +5, rim up to 40×40 at 0.5 (above −1, below +1): IoU = 400 / 1600.
    const logits = rectLogits(0, 0, 40, 40, 0.5, -5);
    for (let y = 10; y < 30; y++) logits.fill(5, y * N + 10, y * N + 30);
    expect(instability(logits, FULL)).toBeCloseTo(1 - 400 / 1600, 10);
  });

  it("counts only the valid region", () => {
    // Soft logits only in the padding: inside the valid 100×100 region everything is confident.
    const logits = rectLogits(0, 0, 100, 100, 6, 0.5);
    expect(instability(logits, { columns: 100, rows: 100 })).toBe(0);
    expect(instability(logits, FULL)).toBeGreaterThan(0.5);
  });

  it("treats two empty masks as stable", () => {
    expect(instability(new Float32Array(N * N).fill(-9), FULL)).toBe(0);
  });
});

describe("disagreement", () => {
  it("is 1 − mean pairwise IoU of the candidates", () => {
    const a = rectLogits(0, 0, 10, 10, 3, -3); // 100 px
    const b = rectLogits(0, 0, 10, 20, 3, -3); // 200 px, contains a
    const c = rectLogits(0, 0, 10, 10, 3, -3);
    // IoU(a,b) = 0.5, IoU(a,c) = 1, IoU(b,c) = 0.5
    expect(disagreement([a, b, c], FULL)).toBeCloseTo(1 - 2 / 3, 10);
    expect(disagreement([a, a, a], FULL)).toBe(0);
    expect(disagreement([a], FULL)).toBe(0);
    expect(disagreement([a, rectLogits(50, 50, 60, 60, 3, -3)], FULL)).toBe(1);
  });
});

describe("boundary band and entropy", () => {
  it("the band is the mask's boundary dilated by the radius", () => {
    const logits = rectLogits(20, 20, 40, 40, 4, -4);
    const band = boundaryBand(logits, FULL, 2);
    const at = (x: number, y: number) => band[y * N + x];
    expect(at(20, 30)).toBe(1); // on the boundary
    expect(at(18, 30)).toBe(1); // 2 outside
    expect(at(17, 30)).toBe(0); // 3 outside
    expect(at(22, 30)).toBe(1); // 2 inside
    expect(at(23, 30)).toBe(0); // 3 inside
    expect(at(30, 30)).toBe(0); // centre
    expect(at(18, 18)).toBe(1); // corner square dilation
    const count = band.reduce((s, v) => s + v, 0);
    expect(count).toBe(24 * 24 - 14 * 14); // ring from 18..41 minus interior 23..36
  });

  it("is high for logits near 0 at the boundary and ~0 for confident logits", () => {
    const confident = rectLogits(20, 20, 60, 60, 12, -12);
    expect(boundaryEntropy(confident, FULL)).toBeLessThan(1e-3);
    // Logit ±0 → p = 0.5 → 1 bit wherever it is 0; put +0.01 inside and −0.01 outside.
    const soft = rectLogits(20, 20, 60, 60, 0.01, -0.01);
    expect(boundaryEntropy(soft, FULL)).toBeGreaterThan(0.999);
    // Soft only far from the boundary (centre) does not count.
    const softCentre = rectLogits(20, 20, 60, 60, 12, -12);
    for (let y = 35; y < 45; y++) softCentre.fill(0.01, y * N + 35, y * N + 45);
    expect(boundaryEntropy(softCentre, FULL)).toBeLessThan(1e-3);
  });

  it("is 1 for an empty mask (nothing found)", () => {
    expect(boundaryEntropy(new Float32Array(N * N).fill(-5), FULL)).toBe(1);
  });
});

describe("uncertaintyParts", () => {
  it("combines the four parts of the chosen candidate", () => {
    const chosen = rectLogits(20, 20, 40, 40, 8, -8);
    const other = rectLogits(20, 20, 40, 60, 8, -8);
    const parts = uncertaintyParts({ lowRes: [other, chosen, chosen], iou: [0.5, 0.93, 0.9], best: 1 }, { width: 1024, height: 1024 });
    expect(parts.iou).toBeCloseTo(0.07, 6);
    expect(parts.stability).toBe(0);
    expect(parts.entropy).toBeLessThan(0.01);
    // IoU(other, chosen) = 0.5 twice, IoU(chosen, chosen) = 1 → mean 2/3.
    expect(parts.disagreement).toBeCloseTo(1 / 3, 10);
  });

  it("rejects a missing candidate", () => {
    expect(() => uncertaintyParts({ lowRes: [], iou: [], best: 0 }, { width: 10, height: 10 })).toThrow(/missing/);
  });
});

describe("rank average", () => {
  it("fractional ranks average ties and span [0, 1]", () => {
    expect(fractionalRanks([3, 1, 2])).toEqual([1, 0, 0.5]);
    expect(fractionalRanks([5, 5, 1, 9])).toEqual([0.5, 0.5, 0, 1]);
    expect(fractionalRanks([7])).toEqual([0.5]);
    expect(() => fractionalRanks([1, Number.NaN])).toThrow(/finite/);
  });

  it("averages the parts' ranks (higher = more uncertain)", () => {
    const images: UncertaintyParts[] = [
      { iou: 0.1, stability: 0.2, entropy: 0.3, disagreement: 0.0 },
      { iou: 0.5, stability: 0.4, entropy: 0.1, disagreement: 0.2 },
      { iou: 0.3, stability: 0.4, entropy: 0.2, disagreement: 0.1 },
    ];
    // iou ranks 0, 1, .5; stability 0, .75, .75; entropy 1, 0, .5; disagreement 0, 1, .5
    const combined = rankAverage(images);
    expect(combined[0]).toBeCloseTo(0.25, 10);
    expect(combined[1]).toBeCloseTo(0.6875, 10);
    expect(combined[2]).toBeCloseTo(0.5625, 10);
    expect(rankAverage(images, ["entropy"])).toEqual([1, 0, 0.5]);
    expect(rankAverage([])).toEqual([]);
    expect(() => rankAverage(images, [])).toThrow();
  });
});
