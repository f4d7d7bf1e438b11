import { describe, expect, it } from "vitest";
import { composeMask, maskArea, paintStroke } from "../src/components/workspace/state/compose-mask";
import { initHistory, pushHistory, redo, undo, HISTORY_LIMIT } from "../src/components/workspace/state/history";
import { emptySnapshot, type Snapshot } from "../src/components/workspace/state/types";
import { maskEdgeSegments, renderFill } from "../src/components/workspace/viewer/overlay";
import { fitTransform, screenToImage, zoomAt } from "../src/components/workspace/viewer/view-transform";

describe("undo/redo history", () => {
  it("walks back and forth, and a new edit drops the redo branch", () => {
    let h = initHistory(0);
    h = pushHistory(h, 1);
    h = pushHistory(h, 2);
    h = undo(h);
    expect(h.present).toBe(1);
    h = undo(h);
    expect(h.present).toBe(0);
    expect(undo(h)).toBe(h); // nothing left to undo
    h = redo(h);
    expect(h.present).toBe(1);
    h = pushHistory(h, 5);
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
  });

  it("is bounded", () => {
    let h = initHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 20; i++) h = pushHistory(h, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(20);
  });
});

describe("composed mask", () => {
  const W = 20;
  const H = 10;
  const half = Uint8Array.from({ length: W * H }, (_, i) => (i % W < 10 ? 1 : 0));

  it("paints strokes over the chosen candidate, in order", () => {
    const snapshot: Snapshot = {
      ...emptySnapshot,
      prediction: { candidates: [{ mask: new Uint8Array(W * H), lowRes: null, score: 0.5 }, { mask: half, lowRes: null, score: 0.9 }], chosen: 1 },
      strokes: [
        { mode: "erase", radius: 2, points: [{ x: 2, y: 5 }] },
        { mode: "paint", radius: 1, points: [{ x: 12, y: 1 }, { x: 18, y: 1 }] },
      ],
    };
    const mask = composeMask(snapshot, W, H);
    expect(mask[5 * W + 2]).toBe(0); // erased inside the candidate
    expect(mask[5 * W + 8]).toBe(1); // candidate kept elsewhere
    for (let x = 12; x <= 18; x++) expect(mask[1 * W + x]).toBe(1); // a continuous painted line
    expect(mask[8 * W + 15]).toBe(0);
    expect(half[5 * W + 2]).toBe(1); // the candidate itself is not mutated
  });

  it("clips strokes at the image border", () => {
    const mask = new Uint8Array(W * H);
    paintStroke(mask, W, H, { mode: "paint", radius: 4, points: [{ x: 0, y: 0 }] });
    expect(maskArea(mask)).toBeGreaterThan(0);
    expect(mask.length).toBe(W * H);
  });
});

describe("overlay", () => {
  const W = 5;
  // A 3x3 square at (1..3, 1..3).
  const mask = Uint8Array.from({ length: 25 }, (_, i) => (i % W >= 1 && i % W <= 3 && Math.floor(i / W) >= 1 && Math.floor(i / W) <= 3 ? 1 : 0));

  it("fills mask pixels at the chosen opacity and nothing else", () => {
    const out = new Uint8ClampedArray(25 * 4);
    renderFill(mask, 0.4, out);
    expect(out[(2 * W + 2) * 4 + 3]).toBe(102);
    expect(out[(1 * W + 1) * 4 + 3]).toBe(102);
    expect(out[0 * 4 + 3]).toBe(0);
  });

  it("outlines the mask with merged pixel-edge segments", () => {
    const segments = maskEdgeSegments(mask, W, W);
    const asLines = [];
    for (let i = 0; i < segments.length; i += 4) asLines.push(segments.slice(i, i + 4).join(","));
    // The square's four sides, each one segment of length 3.
    expect(asLines.sort()).toEqual(["1,1,1,4", "1,1,4,1", "1,4,4,4", "4,1,4,4"]);
    // A mask touching the border is closed along the border.
    expect(maskEdgeSegments(Uint8Array.from([1, 1, 1, 1]), 2, 2).length / 4).toBe(4);
  });
});

describe("zoom and pan", () => {
  it("fits the image and keeps the point under the cursor fixed while zooming", () => {
    const t = fitTransform(400, 200, 1000, 600, 0);
    expect(t.scale).toBe(2.5);
    const before = screenToImage(t, 300, 250);
    const zoomed = zoomAt(t, 300, 250, 1.7);
    const after = screenToImage(zoomed, 300, 250);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
    expect(zoomed.scale).toBeCloseTo(4.25, 9);
  });
});
