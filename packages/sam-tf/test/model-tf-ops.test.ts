import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../src/backend/select.js";
import { geluFromErf } from "../src/model/mlp.js";
import { seededRandom } from "../src/model/parameters.js";
import { TfOps } from "../src/model/tf-ops.js";
import { maxAbsDiff } from "./model-fixtures.js";

// TfOps' hand-written gradients and block-diagonal attention against plain autodiff of the textbook forms.
const random = seededRandom(31);
const values = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * random() - 1), shape);

/** Value and gradients of Σ f(inputs)·R for a fixed random R, read back. */
function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], projection: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const loss = (...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), projection));
    const grads = tf.grads(loss)(inputs);
    return [f(...inputs), ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

function expectClose(actual: Float32Array[], expected: Float32Array[], tolerance: number) {
  expect(actual).toHaveLength(expected.length);
  for (let i = 0; i < expected.length; i++) expect(maxAbsDiff(expected[i]!, actual[i]!)).toBeLessThan(tolerance);
}

describe.each(["cpu", "wasm"] as const)("TfOps custom kernels on %s", (backend) => {
  beforeAll(async () => {
    await selectBackend({ prefer: ["wasm"], log: () => {} });
    await tf.setBackend(backend);
  });

  it("GELU: value and gradient equal autodiff of x·Φ(x) via erf", () => {
    const fast = new TfOps(new Map());
    const x = tf.mul(values([3, 50]), 4);
    const r = values([3, 50]);
    expectClose(valueAndGrads((t) => fast.gelu(t), [x], r), valueAndGrads((t) => geluFromErf(fast, t), [x], r), 1e-5);
  });

  it("LayerNorm: value and gradients (input, γ, β) equal autodiff of the decomposition; frozen γ, β skipped", () => {
    const ops = new TfOps(new Map());
    const reference = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const centred = tf.sub(x, tf.mean(x, -1, true));
      return tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(tf.mean(tf.square(centred), -1, true), 1e-5))), g), b);
    };
    const x = tf.add(tf.mul(values([2, 5, 16]), 3), 1);
    const [gamma, beta] = [values([16]), values([16])];
    const r = values([2, 5, 16]);
    const fast = (xs: tf.Tensor[]) => valueAndGrads((a, g, b) => ops.layerNorm(a!, g!, b!, 1e-5), xs, r);
    const expected = valueAndGrads((a, g, b) => reference(a!, g!, b!), [x, gamma, beta], r);
    // trainable γ, β (variables, as mask_downscaling's): full gradients
    const [gammaVariable, betaVariable] = [tf.variable(gamma), tf.variable(beta)];
    expectClose(fast([x, gammaVariable, betaVariable]), expected, 1e-4);
    // frozen γ, β (plain tensors): same value and input gradient, zero parameter gradients
    const frozen = fast([x, gamma, beta]);
    expectClose(frozen.slice(0, 2), expected.slice(0, 2), 1e-4);
    expect(frozen.slice(2).every((g) => g.every((v) => v === 0))).toBe(true);
    tf.dispose([gammaVariable, betaVariable]);
  });

  for (const [nq, nk] of [[5, 40], [40, 5], [6, 6]] as const) {
    it(`block-diagonal attention == separate-heads attention (Nq=${nq}, Nk=${nk}), gradients included`, () => {
      const blockDiagonal = new TfOps(new Map(), true);
      const textbook = new TfOps(new Map(), false); // separateHeadsAttention
      const inputs = [values([1, nq, 32]), values([1, nk, 32]), values([1, nk, 32])];
      const r = values([1, nq, 32]);
      const run = (ops: TfOps) => valueAndGrads((q, k, v) => ops.multiHeadAttention(q!, k!, v!, 8, 32), inputs, r);
      expectClose(run(blockDiagonal), run(textbook), 1e-5);
    });
  }
});
