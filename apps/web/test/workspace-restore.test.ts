import { describe, expect, it } from "vitest";
import type { DecodedCandidate } from "../src/lib/sam-browser/decoder-engine";
import { composeMask } from "../src/components/workspace/state/compose-mask";
import { needsRebase, rebaseRestored } from "../src/components/workspace/state/rebase-restored";
import { emptySnapshot, type AnnotationBox, type AnnotationClick, type Snapshot } from "../src/components/workspace/state/types";

const W = 20;
const H = 10;
const rect = (x0: number, x1: number) => Uint8Array.from({ length: W * H }, (_, i) => (i % W >= x0 && i % W < x1 ? 1 : 0));
const candidate = (mask: Uint8Array, score: number): DecodedCandidate => ({ mask, lowRes: new Float32Array(4).fill(score), score });

describe("a restored draft's brush edits survive later clicks", () => {
  const model = rect(0, 10); // what the decoder answers for the draft's clicks
  // Saved draft: the model's mask with column 15 painted in and column 2 erased.
  const saved = model.slice();
  for (let y = 0; y < H; y++) {
    saved[y * W + 15] = 1;
    saved[y * W + 2] = 0;
  }
  const clicks: AnnotationClick[] = [{ x: 5, y: 5, positive: true, t: 0 }];
  const restored: Snapshot = { ...emptySnapshot, clicks, prediction: { candidates: [{ mask: saved, lowRes: null, score: Number.NaN }], chosen: 0 } };

  it("re-bases the saved mask on the model's answer plus an edit layer, without changing what is shown", async () => {
    expect(needsRebase(restored)).toBe(true);
    const calls: { clicks: readonly AnnotationClick[]; box: AnnotationBox | null; previous: Float32Array | null }[] = [];
    const decode = async (c: readonly AnnotationClick[], box: AnnotationBox | null, previous: Float32Array | null) => {
      calls.push({ clicks: c, box, previous });
      // Multimask answer: the closest candidate to the saved mask must be kept.
      return [candidate(rect(0, 20), 0.9), candidate(model, 0.5), candidate(rect(0, 3), 0.4)];
    };
    const rebased = await rebaseRestored(restored, decode, W, H);
    expect(calls).toEqual([{ clicks, box: null, previous: null }]);
    expect(needsRebase(rebased)).toBe(false);
    expect(rebased.prediction?.candidates[0]?.mask).toBe(model);
    expect(Array.from(composeMask(rebased, W, H))).toEqual(Array.from(saved));

    // A later click: the model's answer changes (grows to x < 12); the edits stay on top.
    const later: Snapshot = { ...rebased, prediction: { candidates: [candidate(rect(0, 12), 0.8)], chosen: 0 } };
    const mask = composeMask(later, W, H);
    for (let y = 0; y < H; y++) {
      expect(mask[y * W + 15]).toBe(1); // painted
      expect(mask[y * W + 2]).toBe(0); // erased
      expect(mask[y * W + 11]).toBe(1); // the model's new answer
    }
  });

  it("keeps a brush-only draft (no clicks) as painted pixels", async () => {
    const brushOnly: Snapshot = { ...emptySnapshot, prediction: { candidates: [{ mask: rect(4, 6), lowRes: null, score: Number.NaN }], chosen: 0 } };
    const rebased = await rebaseRestored(brushOnly, () => Promise.reject(new Error("no decode without prompts")), W, H);
    expect(rebased.prediction).toBeNull();
    expect(Array.from(composeMask(rebased, W, H))).toEqual(Array.from(rect(4, 6)));
  });
});
