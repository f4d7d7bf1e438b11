import { describe, expect, it } from "vitest";
import { generatePhantom, type Phantom } from "../src/index";

/** Mean grey level inside lesion `index` and in a band a few pixels outside it (same field of view, no other lesion). */
function lesionContrast(phantom: Phantom, lesionIndex: number): { inside: number; ring: number } {
  const { width, height, gray, mask } = phantom;
  const lesion = phantom.lesions[lesionIndex];
  if (!lesion) throw new Error("no such lesion");
  // Pixels of this lesion: mask pixels nearest to its centroid's connected blob, approximated by a radius gate.
  const radius = Math.sqrt(lesion.area / Math.PI);
  const gate = radius * 2.5;
  let insideSum = 0;
  let insideCount = 0;
  let ringSum = 0;
  let ringCount = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot(x - lesion.cx, y - lesion.cy);
      if (d > gate) continue;
      const i = y * width + x;
      if (mask[i]) {
        insideSum += gray[i] as number;
        insideCount++;
      } else if (d > radius * 1.4 && d < radius * 2.2 && (gray[i] as number) > 0) {
        ringSum += gray[i] as number;
        ringCount++;
      }
    }
  }
  return { inside: insideSum / insideCount, ring: ringSum / ringCount };
}

describe("generatePhantom", () => {
  it("is deterministic: the same seed gives the same bytes", () => {
    const a = generatePhantom({ seed: 42 });
    const b = generatePhantom({ seed: 42 });
    expect(Buffer.from(a.gray).equals(Buffer.from(b.gray))).toBe(true);
    expect(Buffer.from(a.mask).equals(Buffer.from(b.mask))).toBe(true);
    expect(a.lesions).toEqual(b.lesions);
  });

  it("gives different images for different seeds", () => {
    const a = generatePhantom({ seed: 1 });
    const b = generatePhantom({ seed: 2 });
    let differing = 0;
    for (let i = 0; i < a.gray.length; i++) if (a.gray[i] !== b.gray[i]) differing++;
    expect(differing / a.gray.length).toBeGreaterThan(0.5);
    expect(Buffer.from(a.mask).equals(Buffer.from(b.mask))).toBe(false);
  });

  it("honours the requested size and returns binary masks", () => {
    const p = generatePhantom({ seed: 7, width: 200, height: 150 });
    expect(p.width).toBe(200);
    expect(p.height).toBe(150);
    expect(p.gray.length).toBe(200 * 150);
    expect(p.mask.length).toBe(200 * 150);
    expect(p.mask.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it("rejects sizes that are too small to hold a lesion", () => {
    expect(() => generatePhantom({ seed: 1, width: 10, height: 10 })).toThrow(RangeError);
  });

  it.each([1, 2] as const)("draws %i lesion(s) whose stats match the mask", (count) => {
    for (let seed = 0; seed < 6; seed++) {
      const p = generatePhantom({ seed, lesions: count });
      expect(p.lesions).toHaveLength(count);
      let maskArea = 0;
      let sumX = 0;
      let sumY = 0;
      for (let i = 0; i < p.mask.length; i++) {
        if (!p.mask[i]) continue;
        maskArea++;
        sumX += i % p.width;
        sumY += Math.floor(i / p.width);
      }
      const totalArea = p.lesions.reduce((sum, l) => sum + l.area, 0);
      expect(maskArea).toBe(totalArea);
      for (const lesion of p.lesions) {
        expect(lesion.area).toBeGreaterThan(150);
        expect(lesion.cx).toBeGreaterThan(0);
        expect(lesion.cx).toBeLessThan(p.width);
        expect(lesion.cy).toBeGreaterThan(0);
        expect(lesion.cy).toBeLessThan(p.height);
      }
      // The area-weighted centroids of the lesions are the centroid of the whole mask.
      const weightedX = p.lesions.reduce((sum, l) => sum + l.cx * l.area, 0) / totalArea;
      const weightedY = p.lesions.reduce((sum, l) => sum + l.cy * l.area, 0) / totalArea;
      expect(weightedX).toBeCloseTo(sumX / maskArea, 6);
      expect(weightedY).toBeCloseTo(sumY / maskArea, 6);
    }
  });

  it("keeps two lesions apart", () => {
    for (let seed = 0; seed < 6; seed++) {
      const [a, b] = generatePhantom({ seed, lesions: 2 }).lesions;
      if (!a || !b) throw new Error("expected two lesions");
      const gap = Math.hypot(a.cx - b.cx, a.cy - b.cy);
      expect(gap).toBeGreaterThan(Math.sqrt(a.area / Math.PI) + Math.sqrt(b.area / Math.PI));
    }
  });

  it("draws hypo-echoic lesions darker than their surroundings", () => {
    for (let seed = 0; seed < 8; seed++) {
      const p = generatePhantom({ seed, kind: "hypo", lesions: 1 });
      expect(p.lesions[0]?.kind).toBe("hypo");
      const { inside, ring } = lesionContrast(p, 0);
      expect(inside).toBeLessThan(ring - 20);
    }
  });

  it("draws hyper-echoic lesions brighter than their surroundings", () => {
    for (let seed = 0; seed < 8; seed++) {
      const p = generatePhantom({ seed, kind: "hyper", lesions: 1 });
      expect(p.lesions[0]?.kind).toBe("hyper");
      const { inside, ring } = lesionContrast(p, 0);
      expect(inside).toBeGreaterThan(ring + 10);
    }
  });

  it("keeps the field of view dark outside and the lesions inside it", () => {
    const outsideFractions: number[] = [];
    for (let seed = 0; seed < 12; seed++) {
      const p = generatePhantom({ seed });
      let outside = 0;
      let maskOutside = 0;
      let litOutside = 0;
      for (let i = 0; i < p.fov.length; i++) {
        if (p.fov[i]) continue;
        outside++;
        if (p.mask[i]) maskOutside++;
        if (p.gray[i] !== 0) litOutside++;
      }
      expect(maskOutside).toBe(0);
      expect(litOutside).toBe(0);
      outsideFractions.push(outside / p.fov.length);
      if (p.probe === "sector") expect(outside / p.fov.length).toBeGreaterThan(0.1);
    }
    // Some images fill the frame, others (sector, side borders) have a dark surround.
    expect(Math.max(...outsideFractions)).toBeGreaterThan(0.1);
  });

  it("mixes kinds, shapes and probe types across seeds, mostly hypo-echoic", () => {
    const kinds = { hypo: 0, hyper: 0 };
    const shapes = new Set<string>();
    const probes = new Set<string>();
    const posteriors = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const p = generatePhantom({ seed, lesions: 1 });
      const lesion = p.lesions[0];
      if (!lesion) throw new Error("missing lesion");
      kinds[lesion.kind]++;
      shapes.add(lesion.shape);
      posteriors.add(lesion.posterior);
      probes.add(p.probe);
    }
    expect(kinds.hypo).toBeGreaterThan(kinds.hyper);
    expect(kinds.hyper).toBeGreaterThan(0);
    expect([...shapes].sort()).toEqual(["ellipse", "irregular", "lobulated"]);
    expect([...probes].sort()).toEqual(["linear", "sector"]);
    expect(posteriors.has("enhancement") && posteriors.has("shadowing")).toBe(true);
  });
});
