import { describe, expect, it } from "vitest";
import { assignCells, clickCountForArea, cvtGenerators, defaultCvtSettings } from "../src/train/cvt";

function rectanglePixels(x0: number, y0: number, w: number, h: number, width: number): number[] {
  const pixels: number[] = [];
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) pixels.push(y * width + x);
  return pixels;
}

function cellAreas(pixels: number[], width: number, k: number): number[] {
  const generators = cvtGenerators(pixels, width, k, 50);
  const xs = Float64Array.from(pixels, (p) => p % width);
  const ys = Float64Array.from(pixels, (p) => Math.floor(p / width));
  const owner = new Int32Array(pixels.length);
  assignCells(xs, ys, generators, owner);
  const areas = new Array<number>(generators.length).fill(0);
  for (const g of owner) areas[g] = (areas[g] as number) + 1;
  return areas;
}

describe("cvtGenerators", () => {
  it.each([2, 3, 4, 6])("gives %i near-equal Voronoi cells on a rectangle", (k) => {
    const width = 100;
    const pixels = rectanglePixels(10, 20, 60, 40, width);
    const areas = cellAreas(pixels, width, k);
    expect(areas).toHaveLength(k);
    const mean = pixels.length / k;
    for (const area of areas) expect(Math.abs(area - mean) / mean).toBeLessThan(0.15);
  });

  it("keeps generators on component pixels of a non-convex (L-shaped) component", () => {
    const width = 64;
    const pixels = [...rectanglePixels(0, 0, 10, 60, width), ...rectanglePixels(10, 50, 50, 10, width)];
    const inside = new Set(pixels);
    const generators = cvtGenerators(pixels, width, 4);
    expect(generators).toHaveLength(4);
    for (const g of generators) expect(inside.has(g.y * width + g.x)).toBe(true);
    const distinct = new Set(generators.map((g) => `${g.x},${g.y}`));
    expect(distinct.size).toBe(4);
  });

  it("spreads a single generator to the component's centre", () => {
    const width = 50;
    const [g] = cvtGenerators(rectanglePixels(10, 10, 21, 11, width), width, 1);
    expect(g).toEqual({ x: 20, y: 15 });
  });

  it("returns no more generators than pixels", () => {
    expect(cvtGenerators([5, 6], 10, 4)).toHaveLength(2);
    expect(cvtGenerators([], 10, 3)).toEqual([]);
  });
});

describe("clickCountForArea", () => {
  const settings = { ...defaultCvtSettings, areaPerClick: 100, maxClicks: 5, minArea: 20 };
  it("gives none below the minimum area", () => {
    expect(clickCountForArea(19, settings)).toBe(0);
  });
  it("grows with area and is clamped to [1, k_max]", () => {
    expect(clickCountForArea(20, settings)).toBe(1);
    expect(clickCountForArea(260, settings)).toBe(3);
    expect(clickCountForArea(10_000, settings)).toBe(5);
  });
});
