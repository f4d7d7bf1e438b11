import { describe, expect, it } from "vitest";
import {
  createBinaryMask,
  decodeEmbedding,
  decodeMask,
  encodeEmbedding,
  fillEllipse,
  iou,
  logitsToMask,
  upscaleLowResLogits,
  type ImageEmbedding,
} from "../src/index";
import { createImageEmbedder, createNodeSession, minisamModelPaths, modelFileId } from "../src/node/index";
import { ELLIPSE, ellipsePng } from "./helpers/ellipse-image";

// Runs the real MobileSAM encoder once (~1-2 s) and the decoder a few times.
describe("MobileSAM with onnxruntime-node", async () => {
  const embedder = await createImageEmbedder({ threads: 1 });
  const computed = await embedder.embedImage(await ellipsePng());
  await embedder.release();
  const embedding: ImageEmbedding = { data: computed.data, dims: computed.shape };
  const decoder = await createNodeSession(minisamModelPaths().decoder, { threads: 1 });
  const size = { width: ELLIPSE.width, height: ELLIPSE.height };
  const truth = fillEllipse(createBinaryMask(size.width, size.height), ELLIPSE.cx, ELLIPSE.cy, ELLIPSE.rx, ELLIPSE.ry);

  it("computes a [1,256,64,64] float32 embedding tagged with the encoder's hash", async () => {
    expect(computed.shape).toEqual([1, 256, 64, 64]);
    expect(computed.data.length).toBe(256 * 64 * 64);
    expect([computed.width, computed.height]).toEqual([320, 240]);
    expect(computed.encoderId).toMatch(/^encoder-[0-9a-f]{16}$/);
    expect(computed.encoderId).toBe(await modelFileId(minisamModelPaths().encoder));
  });

  it("segments the ellipse from one click inside it", async () => {
    const out = await decodeMask(decoder, embedding, { clicks: [{ x: ELLIPSE.cx, y: ELLIPSE.cy, label: 1 }] }, size);
    expect(out.masks).toHaveLength(1);
    expect(out.lowRes[0]).toHaveLength(256 * 256);
    expect(iou(logitsToMask(out.masks[0]!, size), truth)).toBeGreaterThan(0.9);
    // Our SAM-style upscaling of the low-res logits agrees with the model's own full-size output.
    const ours = logitsToMask(upscaleLowResLogits(out.lowRes[0]!, size), size);
    expect(iou(ours, logitsToMask(out.masks[0]!, size))).toBeGreaterThan(0.99);
  });

  it("segments the ellipse from a box and accepts the previous logits as mask prompt", async () => {
    const box = [ELLIPSE.cx - ELLIPSE.rx, ELLIPSE.cy - ELLIPSE.ry, ELLIPSE.cx + ELLIPSE.rx, ELLIPSE.cy + ELLIPSE.ry] as const;
    const first = await decodeMask(decoder, embedding, { clicks: [], box }, size);
    expect(iou(logitsToMask(first.masks[0]!, size), truth)).toBeGreaterThan(0.9);
    const refined = await decodeMask(
      decoder,
      embedding,
      { clicks: [{ x: ELLIPSE.cx, y: ELLIPSE.cy, label: 1 }, { x: 20, y: 20, label: 0 }], maskInput: first.lowRes[0]! },
      size,
    );
    expect(iou(logitsToMask(refined.masks[0]!, size), truth)).toBeGreaterThan(0.9);
  });

  it("gives the same mask from a float16-serialised embedding", async () => {
    const half = decodeEmbedding(encodeEmbedding(embedding.data, "float16"), embedding.dims, "float16");
    const prompt = { clicks: [{ x: ELLIPSE.cx, y: ELLIPSE.cy, label: 1 as const }] };
    const a = await decodeMask(decoder, embedding, prompt, size);
    const b = await decodeMask(decoder, { data: half, dims: embedding.dims }, prompt, size);
    expect(iou(logitsToMask(a.masks[0]!, size), logitsToMask(b.masks[0]!, size))).toBeGreaterThan(0.995);
  });
});
