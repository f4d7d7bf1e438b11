import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ParameterValue } from "../src/model/parameters.js";
import { seededRandom } from "../src/model/parameters.js";
import {
  decodeTrainableWeights,
  encodeTrainableWeights,
  loadTrainableWeights,
  saveTrainableWeights,
} from "../src/weights/trainable-io.js";

function sample(seed: number): Map<string, ParameterValue> {
  const random = seededRandom(seed);
  const make = (shape: number[]) => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() - 0.5) });
  return new Map([
    ["adapter.attn.w_down", make([256, 32])],
    ["adapter.attn.layers.0.scale", make([32])],
    ["prompt_encoder.point_embeddings.1.weight", make([1, 256])],
  ]);
}

describe("trainable weights file", () => {
  const dir = mkdtempSync(join(tmpdir(), "sam-tf-io-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips names, shapes, values and metadata through a file", async () => {
    const weights = sample(3);
    const path = join(dir, "adapters.safetensors");
    await saveTrainableWeights(path, weights, { lambda: "0.9", mu: "1.1" });
    const loaded = await loadTrainableWeights(path);
    expect(loaded.metadata).toEqual({ lambda: "0.9", mu: "1.1" });
    expect([...loaded.weights.keys()].sort()).toEqual([...weights.keys()].sort());
    for (const [name, w] of weights) {
      expect(loaded.weights.get(name)!.shape).toEqual(w.shape);
      expect(Array.from(loaded.weights.get(name)!.data)).toEqual(Array.from(w.data));
    }
  });

  it("is deterministic and compact (header + 4 bytes per value)", () => {
    const a = encodeTrainableWeights(sample(4));
    const b = encodeTrainableWeights(new Map([...sample(4)].reverse()));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const values = 256 * 32 + 32 + 256;
    expect(a.length).toBeGreaterThan(4 * values);
    expect(a.length).toBeLessThan(4 * values + 1024);
  });

  it("rejects a truncated file", () => {
    const bytes = encodeTrainableWeights(sample(5));
    expect(() => decodeTrainableWeights(bytes.subarray(0, bytes.length - 8))).toThrow(/bad data offsets/);
  });
});
