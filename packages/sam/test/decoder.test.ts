import { Tensor } from "onnxruntime-common";
import { describe, expect, it } from "vitest";
import { decodeMask, encodePrompt, type InferenceSession } from "../src/index";

/** A session double returning fixed outputs and recording its feeds. */
function fakeSession(outputs: Record<string, Tensor>, seen: Record<string, Tensor>[]): InferenceSession {
  const session = {
    inputNames: ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"],
    outputNames: Object.keys(outputs),
    run: async (feeds: Record<string, Tensor>) => {
      seen.push(feeds);
      return outputs;
    },
  };
  return session as unknown as InferenceSession;
}

const embedding = { data: new Float32Array(256 * 64 * 64), dims: [1, 256, 64, 64] as const };
const size = { width: 512, height: 256 };

describe("encodePrompt", () => {
  it("appends a padding point without a box and none with a box", () => {
    const clicks = [{ x: 256, y: 128, label: 1 as const }];
    const noBox = encodePrompt({ clicks }, size);
    expect([...noBox.labels]).toEqual([1, -1]);
    expect([...noBox.coords]).toEqual([512, 256, 0, 0]);
    const withBox = encodePrompt({ clicks, box: [0, 0, 512, 256] }, size);
    expect([...withBox.labels]).toEqual([1, 2, 3]);
    expect([...withBox.coords]).toEqual([512, 256, 0, 0, 1024, 512]);
  });
});

describe("decodeMask", () => {
  it("feeds SAM's ONNX inputs and returns every candidate of a multimask export", async () => {
    const plane = size.width * size.height;
    const masks = new Float32Array(3 * plane);
    masks.fill(1, plane, 2 * plane); // candidate 1 is all foreground
    const seen: Record<string, Tensor>[] = [];
    const session = fakeSession(
      {
        masks: new Tensor("float32", masks, [1, 3, size.height, size.width]),
        iou_predictions: new Tensor("float32", Float32Array.from([0.2, 0.9, 0.5]), [1, 3]),
        low_res_masks: new Tensor("float32", new Float32Array(3 * 256 * 256), [1, 3, 256, 256]),
      },
      seen,
    );
    const previous = new Float32Array(256 * 256).fill(3);
    const out = await decodeMask({ session, Tensor }, embedding, { clicks: [{ x: 1, y: 2, label: 0 }], maskInput: previous }, size);
    expect(out.masks).toHaveLength(3);
    expect(out.lowRes).toHaveLength(3);
    expect(out.iou[1]).toBeCloseTo(0.9, 6);
    expect(out.best).toBe(1);
    expect(out.masks[1]![0]).toBe(1);
    const feeds = seen[0]!;
    expect(feeds.point_coords?.dims).toEqual([1, 2, 2]);
    expect([...(feeds.orig_im_size?.data as Float32Array)]).toEqual([256, 512]);
    expect([...(feeds.has_mask_input?.data as Float32Array)]).toEqual([1]);
    expect((feeds.mask_input?.data as Float32Array)[0]).toBe(3);
  });

  it("upscales when an export's masks are not at the original size", async () => {
    const low = new Float32Array(256 * 256).fill(-1);
    low[0] = 10;
    const session = fakeSession(
      {
        masks: new Tensor("float32", low, [1, 1, 256, 256]),
        iou_predictions: new Tensor("float32", Float32Array.from([0.7]), [1, 1]),
        low_res_masks: new Tensor("float32", low, [1, 1, 256, 256]),
      },
      [],
    );
    const out = await decodeMask({ session, Tensor }, embedding, { clicks: [{ x: 1, y: 1, label: 1 }] }, size);
    expect(out.masks[0]).toHaveLength(size.width * size.height);
    expect(out.masks[0]![0]).toBeGreaterThan(0);
    expect(out.masks[0]![size.width * 100 + 300]).toBeCloseTo(-1, 6);
  });
});
