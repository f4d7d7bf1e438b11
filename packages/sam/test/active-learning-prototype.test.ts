import { beforeAll, describe, expect, it } from "vitest";
import {
  autoClicks,
  cellCentreInImage,
  computePrototype,
  maskToGridWeights,
  PrototypeAccumulator,
  scoreImage,
  similarityMap,
} from "../src/active-learning";
import { createBinaryMask, decodeMask, fillRect, iou, logitsToMask } from "../src/index";
import { createNodeSession, minisamModelPaths } from "../src/node";
import type { SessionWithRuntime } from "../src/runtime";
import { embedPhantoms, type EmbeddedPhantom } from "./helpers/phantom-embeddings";

// Real MobileSAM encoder passes on a shared 2-core machine: generous timeouts (not a speed check).
const SLOW = 600_000;

describe("maskToGridWeights", () => {
  it("maps image pixels onto the 64×64 grid through the resize-longest-side frame", () => {
    // 320×240 → 1024×768: 48 valid rows, 5 image px per 16 model px; the rectangle is x, y < 160, 120.
    const mask = fillRect(createBinaryMask(320, 240), { x0: 0, y0: 0, x1: 159, y1: 119 });
    const w = maskToGridWeights(mask);
    expect(w[0]).toBe(1); // top-left cell fully inside
    expect(w[31]).toBe(1); // x cells 0..31 cover image x 0..159.9
    expect(w[32]).toBe(0);
    expect(w[23 * 64]).toBe(1);
    expect(w[24 * 64]).toBe(0);
    // Nothing outside the valid rows even with a full mask.
    const full = maskToGridWeights(fillRect(createBinaryMask(320, 240), { x0: 0, y0: 0, x1: 319, y1: 239 }));
    expect(full.slice(0, 48 * 64).every((v) => v === 1)).toBe(true);
    expect(full.slice(48 * 64).every((v) => v === 0)).toBe(true);
  });

  it("weights partial cells by coverage", () => {
    // 1024×1024: model frame = image; a mask of x < 8 covers half of column 0.
    const w = maskToGridWeights(fillRect(createBinaryMask(1024, 1024), { x0: 0, y0: 0, x1: 7, y1: 1023 }));
    expect(w[0]).toBe(0.5);
    expect(w[1]).toBe(0);
  });
});

describe("cellCentreInImage", () => {
  it("stays inside the image for edge cells that are partly padding", () => {
    // 100 px wide → 102 model px wide (7 cells, the last one only 6 px of image).
    const p = cellCentreInImage(6, { width: 100, height: 1000 });
    expect(p.x).toBeLessThan(100);
    expect(p.x).toBeGreaterThanOrEqual(96 * (100 / 102) - 1);
  });
});

describe("prototype and auto-prompt on real embeddings of phantoms", () => {
  let support: EmbeddedPhantom[];
  let queries: EmbeddedPhantom[];
  let decoder: SessionWithRuntime;
  const maskOf = ({ phantom }: EmbeddedPhantom) => ({ width: phantom.width, height: phantom.height, data: phantom.mask });
  const inside = ({ phantom }: EmbeddedPhantom, click: { x: number; y: number }) => phantom.mask[click.y * phantom.width + click.x] === 1;

  beforeAll(async () => {
    const embedded = await embedPhantoms([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], { width: 320, height: 256 });
    support = embedded.slice(0, 6);
    queries = embedded.slice(6);
    decoder = await createNodeSession(minisamModelPaths().decoder, { threads: 1 });
  }, SLOW);

  it("accumulates incrementally to the batch prototype and round-trips its state", () => {
    const batch = computePrototype(support.map((s) => ({ embedding: s.embedding, mask: maskOf(s) })))!;
    const accumulator = new PrototypeAccumulator();
    for (const s of support.slice(0, 3)) accumulator.add({ embedding: s.embedding, mask: maskOf(s) });
    const resumed = new PrototypeAccumulator(JSON.parse(JSON.stringify(accumulator.toJSON())));
    for (const s of support.slice(3)) resumed.add({ embedding: s.embedding, mask: maskOf(s) });
    expect(resumed.count).toBe(6);
    const incremental = resumed.prototype()!;
    for (let ch = 0; ch < 256; ch++) expect(incremental[ch]).toBeCloseTo(batch[ch]!, 5);
    expect(computePrototype([])).toBeNull();
    const empty = createBinaryMask(320, 256);
    expect(new PrototypeAccumulator().add({ embedding: support[0]!.embedding, mask: empty })).toBe(false);
  });

  it("the auto-click from a prototype of other phantoms lands inside the lesion; negatives land outside", () => {
    const prototype = computePrototype(support.map((s) => ({ embedding: s.embedding, mask: maskOf(s) })))!;
    let hits = 0;
    for (const query of queries) {
      const { clicks } = autoClicks({ embedding: query.embedding, prototype, width: 320, height: 256 }, { negatives: 3 });
      expect(clicks.map((c) => c.label)).toEqual([1, 0, 0, 0]);
      for (const c of clicks) {
        expect(c.x >= 0 && c.x < 320 && c.y >= 0 && c.y < 256).toBe(true);
      }
      if (inside(query, clicks[0]!)) hits++;
      for (const negative of clicks.slice(1)) expect(inside(query, negative)).toBe(false);
    }
    // Measured 5 of these 6 (phantom 10's lesion is out-ranked by a dark structure): one miss is allowed.
    expect(hits).toBeGreaterThanOrEqual(5);
  });

  it("the similarity map is higher inside the lesion than outside on every query", () => {
    const prototype = computePrototype(support.map((s) => ({ embedding: s.embedding, mask: maskOf(s) })))!;
    for (const query of queries) {
      const map = similarityMap(query.embedding, prototype, query.phantom, { smoothing: 0 });
      const weights = maskToGridWeights(maskOf(query));
      let lesion = 0;
      let lesionCount = 0;
      let rest = 0;
      let restCount = 0;
      for (let y = 0; y < map.rows; y++) {
        for (let x = 0; x < map.columns; x++) {
          const c = y * 64 + x;
          if (weights[c]! >= 0.75) {
            lesion += map.values[c]!;
            lesionCount++;
          } else if (weights[c] === 0) {
            rest += map.values[c]!;
            restCount++;
          }
        }
      }
      expect(lesion / lesionCount).toBeGreaterThan(rest / restCount);
    }
  });

  it("scoreImage: the pre-annotation is the decoder's prediction from the auto-clicks; cold start returns only the pooled embedding", async () => {
    const prototype = computePrototype(support.map((s) => ({ embedding: s.embedding, mask: maskOf(s) })))!;
    let good = 0;
    for (const query of queries) {
      const scored = await scoreImage({ decoder, embedding: query.embedding, width: 320, height: 256, prototype, negatives: 1 });
      expect(scored.pooled).toHaveLength(256);
      expect(scored.autoClicks.map((c) => c.label)).toEqual([1, 0]);
      const pre = scored.preAnnotation!;
      expect(pre.clicks).toEqual(scored.autoClicks);
      const direct = await decodeMask(decoder, { data: query.embedding, dims: [1, 256, 64, 64] }, { clicks: pre.clicks }, query.phantom);
      expect(pre.mask.data).toEqual(logitsToMask(direct.masks[direct.best]!, direct.size).data);
      expect(pre.lowRes).toEqual(direct.lowRes[direct.best]);
      for (const value of Object.values(scored.parts!)) expect(value >= 0 && value <= 1).toBe(true);
      expect(scored.parts!.disagreement).toBe(0); // sam.onnx is the single-mask export
      expect(scored.parts!.iou).toBeCloseTo(Math.max(0, 1 - pre.predictedIoU), 6);
      if (iou(pre.mask, maskOf(query)) >= 0.5) good++;
    }
    // The base single-mask decoder sometimes answers one click with the whole frame: measured 3 of 6 at IoU ≥ 0.5.
    expect(good).toBeGreaterThanOrEqual(3);

    const query = queries[0]!;
    const cold = await scoreImage({ decoder, embedding: query.embedding, width: 320, height: 256, prototype: null });
    expect(cold).toMatchObject({ parts: null, preAnnotation: null, autoClicks: [], maxSimilarity: null });
    expect(cold.pooled).toHaveLength(256);
  }, SLOW);
});
