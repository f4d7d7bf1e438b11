import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { registerWasmFastKernels } from "../src/backend/fast-kernels.js";
import { selectBackend } from "../src/backend/select.js";
import { conv2x2Stride2, conv3x3, conv3x3Im2col, convTranspose2x2Stride2 } from "../src/model/conv-as-matmul.js";
import { seededRandom } from "../src/model/parameters.js";
import { TfOps } from "../src/model/tf-ops.js";
import { maxAbsDiff } from "./model-fixtures.js";

const random = seededRandom(11);
const values = (n: number) => Float32Array.from({ length: n }, () => 2 * random() - 1);

/** Run `f` on a backend and read back every output. */
async function on(backend: "cpu" | "wasm", f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(f);
  const data = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return data;
}

describe("backend selection", () => {
  it("falls back to wasm where tfjs-node is not installed, and logs the choice once", async () => {
    const messages: string[] = [];
    const first = await selectBackend({ log: (m) => messages.push(m) });
    const second = await selectBackend({ log: (m) => messages.push(m) });
    expect(["tensorflow", "wasm"]).toContain(first);
    expect(second).toBe(first);
    expect(messages).toEqual([`[sam-tf] TF.js backend: ${first}`]);
    expect(tf.getBackend()).toBe(first);
  });

  it("honours an explicit preference (cpu)", async () => {
    const messages: string[] = [];
    expect(await selectBackend({ prefer: ["cpu"], log: (m) => messages.push(m) })).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(messages).toEqual(["[sam-tf] TF.js backend: cpu"]);
  });
});

describe("wasm fast paths vs reference ops on the cpu backend", () => {
  beforeAll(async () => {
    await selectBackend({ prefer: ["wasm"], log: () => {} });
    expect(registerWasmFastKernels()).toBe(true);
  });

  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    it(`BatchMatMul transposeA=${transposeA} transposeB=${transposeB}: forward and gradients`, async () => {
      const a = values(2 * 5 * 7);
      const b = values(2 * 7 * 3);
      const aShape = transposeA ? [2, 7, 5] : [2, 5, 7];
      const bShape = transposeB ? [2, 3, 7] : [2, 7, 3];
      const weights = values(2 * 5 * 3);
      const run = () => {
        const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, transposeA, transposeB), tf.tensor(weights, [2, 5, 3])));
        const [ga, gb] = tf.grads(f)([tf.tensor(a, aShape), tf.tensor(b, bShape)]);
        return [tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, transposeB), ga!, gb!];
      };
      const reference = await on("cpu", run);
      const fast = await on("wasm", run);
      for (let i = 0; i < 3; i++) expect(maxAbsDiff(reference[i]!, fast[i]!)).toBeLessThan(1e-5);
    });
  }

  /** Fast path (TfOps, on `backend`) and reference conv (cpu), both differentiated w.r.t. input and kernel. */
  async function compareConv(
    fast: (ops: TfOps, x: tf.Tensor) => tf.Tensor,
    reference: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor,
    xShape: number[],
    modelWeightShape: number[],
    toReferenceKernel: (w: tf.Tensor) => tf.Tensor,
    bias: number,
  ) {
    const x = values(xShape.reduce((p, q) => p * q, 1));
    const w = values(modelWeightShape.reduce((p, q) => p * q, 1));
    const b = values(bias);
    // a fixed random projection of the output makes every output element matter in the gradients
    let projection: Float32Array | null = null;
    const loss = (out: tf.Tensor) => {
      projection ??= values(out.size);
      return tf.sum(tf.mul(out, tf.tensor(projection, out.shape)));
    };
    const fastRun = () => {
      const f = (xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) =>
        loss(fast(new TfOps(new Map([["k.weight", wt], ["k.bias", bt]])), xt));
      const [gx, gw] = tf.grads(f)([tf.tensor(x, xShape), tf.tensor(w, modelWeightShape), tf.tensor(b, [bias])]);
      return [fast(new TfOps(new Map([["k.weight", tf.tensor(w, modelWeightShape)], ["k.bias", tf.tensor(b, [bias])]])), tf.tensor(x, xShape)), gx!, gw!];
    };
    const referenceRun = () => {
      const f = (xt: tf.Tensor, wt: tf.Tensor) => loss(tf.add(reference(xt, toReferenceKernel(wt)), tf.tensor(b, [bias])));
      const [gx, gw] = tf.grads(f)([tf.tensor(x, xShape), tf.tensor(w, modelWeightShape)]);
      return [tf.add(reference(tf.tensor(x, xShape), toReferenceKernel(tf.tensor(w, modelWeightShape))), tf.tensor(b, [bias])), gx!, gw!];
    };
    const expected = await on("cpu", referenceRun);
    for (const backend of ["cpu", "wasm"] as const) {
      const actual = await on(backend, fastRun);
      for (let i = 0; i < 3; i++) expect(maxAbsDiff(expected[i]!, actual[i]!)).toBeLessThan(1e-4);
    }
  }

  it("stride-2 kernel-2 conv as space-to-depth + matmul", async () => {
    await compareConv(
      (ops, x) => conv2x2Stride2(ops, x, "k", 8, 6, 3),
      (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "valid"),
      [2, 8, 6, 3],
      [2 * 2 * 3, 5],
      (w) => tf.reshape(w, [2, 2, 3, 5]),
      5,
    );
  });

  it("stride-2 kernel-2 transposed conv (output_upscaling) as matmul + depth-to-space", async () => {
    await compareConv(
      (ops, x) => convTranspose2x2Stride2(ops, x, "k", 4, 3, 5),
      (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 8, 6, 5], 2, "valid"),
      [2, 4, 3, 6],
      [6, 2 * 2 * 5],
      (w) => tf.transpose(tf.reshape(w, [6, 2, 2, 5]), [1, 2, 3, 0]),
      5,
    );
  });

  it("3x3 same-padded conv (adapter) as im2col + matmul", async () => {
    await compareConv(
      (ops, x) => conv3x3(ops, x, "k", 5, 4),
      (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same"),
      [1, 5, 4, 3],
      [3 * 3 * 3, 2],
      (w) => tf.reshape(w, [3, 3, 3, 2]),
      2,
    );
  });
});

describe("im2col 3x3 conv (the generic form, ONNX fallback)", () => {
  it("equals tf.conv2d", async () => {
    const x = values(2 * 5 * 4 * 3);
    const w = values(27 * 2);
    const run = (form: "im2col" | "conv2d") => () => {
      const input = tf.tensor(x, [2, 5, 4, 3]);
      const weight = tf.tensor(w, [27, 2]);
      return [form === "im2col" ? conv3x3Im2col(new TfOps(new Map()), input, weight, 5, 4) : tf.conv2d(input as tf.Tensor4D, tf.reshape(weight, [3, 3, 3, 2]) as tf.Tensor4D, 1, "same")];
    };
    const [expected] = await on("cpu", run("conv2d"));
    const [actual] = await on("wasm", run("im2col"));
    expect(maxAbsDiff(expected!, actual!)).toBeLessThan(1e-5);
  });
});

describe("wasm Sum over leading axes (bias gradients)", () => {
  beforeAll(async () => {
    await selectBackend({ prefer: ["wasm"], log: () => {} });
  });

  for (const [shape, axis, keepDims] of [
    [[3, 7, 5], [0, 1], false],
    [[3, 7, 5], [0], true],
    [[3, 7, 5], [1, 0], true],
    [[4, 6], 0, false],
    [[3, 7, 5], [1, 2], false], // innermost: the original kernel
    [[3, 7, 5], [0, 2], false], // not a prefix: the original kernel
  ] as const) {
    it(`shape [${shape}] axis ${JSON.stringify(axis)} keepDims ${keepDims}`, async () => {
      const x = values(shape.reduce((a: number, b: number) => a * b, 1));
      const shapes: number[][] = [];
      const run = () => {
        const out = tf.sum(tf.tensor(x, [...shape]), axis as number | number[], keepDims);
        shapes.push(out.shape);
        return [out];
      };
      const expected = await on("cpu", run);
      const actual = await on("wasm", run);
      expect(maxAbsDiff(expected[0]!, actual[0]!)).toBeLessThan(1e-5);
      expect(actual[0]).toHaveLength(expected[0]!.length);
      expect(shapes[1]).toEqual(shapes[0]);
    });
  }
});
