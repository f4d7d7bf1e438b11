import { describe, expect, it } from "vitest";
import {
  argmaxFirst,
  binaryMaskFrom,
  componentMask,
  componentsByArea,
  createBinaryMask,
  distanceTransform,
  fillRect,
  labelComponents,
  largestComponent,
  maskAndNot,
  maskArea,
  maskBoundingBox,
  masksEqual,
  type BinaryMask,
} from "../src/index";

/** Deterministic pseudo-random generator (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bruteForceDistance(mask: BinaryMask, border: boolean): Float64Array {
  const out = new Float64Array(mask.width * mask.height);
  const background: [number, number][] = [];
  for (let y = -1; y <= mask.height; y++) {
    for (let x = -1; x <= mask.width; x++) {
      const inside = x >= 0 && y >= 0 && x < mask.width && y < mask.height;
      if (inside ? !mask.data[y * mask.width + x] : border) background.push([x, y]);
    }
  }
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (!mask.data[y * mask.width + x]) continue;
      let best = Infinity;
      for (const [bx, by] of background) best = Math.min(best, (bx - x) ** 2 + (by - y) ** 2);
      out[y * mask.width + x] = Math.sqrt(best);
    }
  }
  return out;
}

describe("distanceTransform", () => {
  it("matches brute force on random masks, with and without the border as boundary", () => {
    const random = rng(7);
    for (let trial = 0; trial < 30; trial++) {
      const width = 1 + Math.floor(random() * 17);
      const height = 1 + Math.floor(random() * 13);
      const density = random();
      const mask = binaryMaskFrom(width, height, Array.from({ length: width * height }, () => (random() < density ? 1 : 0)));
      for (const border of [false, true]) {
        const fast = distanceTransform(mask, { borderIsBoundary: border });
        const slow = bruteForceDistance(mask, border);
        for (let i = 0; i < fast.length; i++) expect(fast[i]).toBeCloseTo(slow[i] as number, 9);
      }
    }
  });

  it("gives 1 on a pixel next to the background and 0 on the background", () => {
    const mask = fillRect(createBinaryMask(5, 5), { x0: 1, y0: 1, x1: 3, y1: 3 });
    const dt = distanceTransform(mask);
    expect(dt[0]).toBe(0);
    expect(dt[1 * 5 + 1]).toBe(1);
    expect(dt[2 * 5 + 2]).toBe(2);
  });

  it("returns Infinity for a full mask unless the border counts as boundary", () => {
    const full = binaryMaskFrom(3, 3, new Array(9).fill(1));
    expect(distanceTransform(full)[4]).toBe(Infinity);
    expect(distanceTransform(full, { borderIsBoundary: true })[4]).toBe(2);
    expect(distanceTransform(full, { borderIsBoundary: true, squared: true })[0]).toBe(1);
  });

  it("puts the maximum of an odd square at its centre", () => {
    const mask = fillRect(createBinaryMask(20, 15), { x0: 3, y0: 2, x1: 11, y1: 10 });
    const index = argmaxFirst(distanceTransform(mask));
    expect([index % 20, Math.floor(index / 20)]).toEqual([7, 6]);
  });

  it("breaks ties on a plateau by the first pixel in row-major order", () => {
    // 11x9 rectangle: distance 5 on the plateau x = 7..9 of row 6.
    const mask = fillRect(createBinaryMask(20, 15), { x0: 3, y0: 2, x1: 13, y1: 10 });
    const index = argmaxFirst(distanceTransform(mask));
    expect([index % 20, Math.floor(index / 20)]).toEqual([7, 6]);
  });
});

describe("labelComponents", () => {
  // Two diagonal-touching pixels plus a separate 2x2 block.
  const mask = binaryMaskFrom(6, 4, [
    1, 0, 0, 0, 0, 0,
    0, 1, 0, 0, 1, 1,
    0, 0, 0, 0, 1, 1,
    0, 0, 0, 0, 0, 0,
  ]);

  it("joins diagonal neighbours with 8-connectivity only", () => {
    expect(labelComponents(mask, 8).components.map((c) => c.area)).toEqual([2, 4]);
    expect(labelComponents(mask, 4).components.map((c) => c.area)).toEqual([1, 1, 4]);
  });

  it("reports areas, inclusive bounding boxes and centroids", () => {
    const { components, labels } = labelComponents(mask, 8);
    expect(components[1]).toEqual({ label: 2, area: 4, bbox: { x0: 4, y0: 1, x1: 5, y1: 2 }, centroid: { x: 4.5, y: 1.5 } });
    expect(labels[0]).toBe(1);
    expect(labels[7]).toBe(1);
    expect(labels[10]).toBe(2);
    expect(labels[2]).toBe(0);
  });

  it("sorts by area and extracts the largest component", () => {
    const labelling = labelComponents(mask);
    expect(componentsByArea(labelling).map((c) => c.label)).toEqual([2, 1]);
    const largest = largestComponent(mask);
    expect(largest && maskArea(largest)).toBe(4);
    expect(largest && masksEqual(largest, componentMask(labelling, 2))).toBe(true);
    expect(largestComponent(createBinaryMask(3, 3))).toBeNull();
  });

  it("labels a large component without recursion limits", () => {
    const big = binaryMaskFrom(500, 500, new Array(250_000).fill(1));
    expect(labelComponents(big).components).toHaveLength(1);
  });
});

describe("binary mask helpers", () => {
  it("computes set differences and bounding boxes", () => {
    const a = fillRect(createBinaryMask(4, 4), { x0: 0, y0: 0, x1: 2, y1: 2 });
    const b = fillRect(createBinaryMask(4, 4), { x0: 1, y0: 1, x1: 3, y1: 3 });
    expect(maskArea(maskAndNot(a, b))).toBe(5);
    expect(maskBoundingBox(b)).toEqual({ x0: 1, y0: 1, x1: 3, y1: 3 });
    expect(maskBoundingBox(createBinaryMask(2, 2))).toBeNull();
    expect(() => maskAndNot(a, createBinaryMask(3, 3))).toThrow();
  });
});
