import * as tf from "@tensorflow/tfjs";
import { separateHeadsAttention } from "./attention.js";
import type { TensorOps } from "./tensor-ops.js";

/** Interprets the decoder's op set with TF.js (differentiable; every kernel used has a gradient on wasm). */
export class TfOps implements TensorOps<tf.Tensor> {
  constructor(
    private readonly parameters: ReadonlyMap<string, tf.Tensor>,
    /** false: textbook batched-heads attention (reference for tests and benchmarks). */
    readonly blockDiagonalAttention = true,
  ) {}

  weight(name: string): tf.Tensor {
    const t = this.parameters.get(name);
    if (!t) throw new Error(`unknown parameter ${name}`);
    return t;
  }
  constant(values: Float32Array | readonly number[], shape: readonly number[]): tf.Tensor {
    return tf.tensor(values instanceof Float32Array ? values : Array.from(values), [...shape], "float32");
  }
  add(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    return tf.add(a, b);
  }
  sub(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    return tf.sub(a, b);
  }
  mul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    return tf.mul(a, b);
  }
  div(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    return tf.div(a, b);
  }
  matMul(a: tf.Tensor, b: tf.Tensor, transposeB = false): tf.Tensor {
    if (b.rank === 2 && a.rank !== 2) {
      // [..., K] x [K, M]: fold the leading axes into one matrix product
      const lead = a.shape.slice(0, -1);
      const k = a.shape[a.rank - 1]!;
      const out = tf.matMul(tf.reshape(a, [-1, k]), b, false, transposeB);
      return tf.reshape(out, [...lead, out.shape[1]!]);
    }
    if (a.rank === 4) {
      const [b0, b1] = a.shape as number[];
      const a3 = tf.reshape(a, [b0! * b1!, a.shape[2]!, a.shape[3]!]);
      const b3 = tf.reshape(b, [b0! * b1!, b.shape[2]!, b.shape[3]!]);
      const out = tf.matMul(a3, b3, false, transposeB);
      return tf.reshape(out, [b0!, b1!, out.shape[1]!, out.shape[2]!]);
    }
    return tf.matMul(a, b, false, transposeB);
  }
  sin(x: tf.Tensor): tf.Tensor {
    return tf.sin(x);
  }
  cos(x: tf.Tensor): tf.Tensor {
    return tf.cos(x);
  }
  erf(x: tf.Tensor): tf.Tensor {
    return tf.erf(x);
  }
  relu(x: tf.Tensor): tf.Tensor {
    return tf.relu(x);
  }
  softmax(x: tf.Tensor): tf.Tensor {
    return tf.softmax(x, -1);
  }
  /** GELU with a hand-written gradient dy·(Φ(x) + x·φ(x)): a third of the kernels autodiff of erf needs. */
  gelu(x: tf.Tensor): tf.Tensor {
    const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
      const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.div(input, Math.SQRT2))));
      save([input, cdf]);
      return {
        value: tf.mul(input, cdf),
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
          const [xs, phi] = saved as [tf.Tensor, tf.Tensor];
          const density = tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(xs))));
          return [tf.mul(dy as tf.Tensor, tf.add(phi, tf.mul(xs, density)))];
        },
      };
    });
    return f(x);
  }
  /**
   * LayerNorm over the last axis with a hand-written gradient:
   * dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / σ, dγ = Σ dy·x̂, dβ = Σ dy (dx̂ = dy·γ).
   */
  layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
    const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [input, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      const centred = tf.sub(input, tf.mean(input, -1, true));
      const inverseStd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), epsilon));
      const normalised = tf.mul(centred, inverseStd);
      save([normalised, inverseStd, g]);
      return {
        value: tf.add(tf.mul(normalised, g), b),
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
          const [xhat, inv, gam] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
          const grad = dy as tf.Tensor;
          const leading = [...Array(grad.rank - 1).keys()];
          const dxhat = tf.mul(grad, gam);
          const dx = tf.mul(
            tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true))),
            inv,
          );
          // frozen γ, β (plain tensors, not variables) need no gradient: skip the two reductions
          const trainable = gamma instanceof tf.Variable || beta instanceof tf.Variable;
          const dGamma = trainable ? tf.sum(tf.mul(grad, xhat), leading) : tf.zerosLike(gam);
          const dBeta = trainable ? tf.sum(grad, leading) : tf.zerosLike(gam);
          return [dx, dGamma, dBeta];
        },
      };
    });
    return f(x, gamma, beta);
  }
  concat(xs: readonly tf.Tensor[], axis: number): tf.Tensor {
    return tf.concat([...xs], axis);
  }
  reshape(x: tf.Tensor, shape: readonly number[]): tf.Tensor {
    return tf.reshape(x, shape.map((d, i) => (d === 0 ? x.shape[i]! : d)));
  }
  transpose(x: tf.Tensor, perm: readonly number[]): tf.Tensor {
    return tf.transpose(x, [...perm]);
  }
  slice(x: tf.Tensor, axis: number, start: number, end: number): tf.Tensor {
    const begin = x.shape.map((_, i) => (i === axis ? start : 0));
    const size = x.shape.map((_, i) => (i === axis ? end - start : -1));
    return tf.slice(x, begin, size);
  }
  pad(x: tf.Tensor, paddings: readonly (readonly [number, number])[]): tf.Tensor {
    return tf.pad(x, paddings.map(([a, b]) => [a, b] as [number, number]));
  }
  equalTo(x: tf.Tensor, value: number): tf.Tensor {
    return tf.cast(tf.equal(x, value), "float32");
  }
  /**
   * Heads as block-diagonal 2-D products (tfjs-wasm's batched matmul is ~10x slower than its 2-D
   * one, which outweighs the 8x redundant multiply-by-zero): the side with few tokens (prompt
   * tokens) is expanded to [heads·N, C] with each head's channels only, so one product against the
   * 4096 image tokens gives every head's scores.
   */
  multiHeadAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, numHeads: number, channels: number): tf.Tensor {
    if (!this.blockDiagonalAttention) return separateHeadsAttention(this, q, k, v, numHeads, channels);
    const [batch, nq] = q.shape as [number, number, number];
    const nk = k.shape[1]!;
    const headDim = channels / numHeads;
    const headMask = tf.reshape(
      tf.tensor(Array.from({ length: numHeads * channels }, (_, i) => (Math.floor((i % channels) / headDim) === Math.floor(i / channels) ? 1 : 0)), [numHeads, channels]),
      [1, numHeads, 1, channels],
    );
    const blockDiagonal = (x: tf.Tensor, n: number) => tf.reshape(tf.mul(tf.reshape(x, [batch, 1, n, channels]), headMask), [batch, numHeads * n, channels]);
    const scale = tf.scalar(Math.sqrt(headDim));
    if (nq <= nk) {
      // few queries: scores [B, heads·Nq, Nk], each row one (head, query); mix all channels, keep the head's own
      const scores = tf.div(tf.transpose(tf.matMul(k, blockDiagonal(q, nq), false, true), [0, 2, 1]), scale);
      const mixed = tf.matMul(tf.softmax(scores, -1), v); // [B, heads·Nq, C]
      return tf.sum(tf.mul(tf.reshape(mixed, [batch, numHeads, nq, channels]), headMask), 1);
    }
    // few keys: scores [B, Nq, heads·Nk]; softmax per head; block-diagonal values recombine the heads
    const scores = tf.div(tf.matMul(q, blockDiagonal(k, nk), false, true), scale);
    const weights = tf.reshape(tf.softmax(tf.reshape(scores, [batch, nq, numHeads, nk]), -1), [batch, nq, numHeads * nk]);
    return tf.matMul(weights, blockDiagonal(v, nk));
  }

  /**
   * Forward: tf.conv2d (XNNPACK on wasm). Gradient written by hand because wasm lacks
   * Conv2DBackpropFilter (and its Conv2DBackpropInput is 7x slower than Conv2D): dx = conv2d(dy,
   * flipped kernel), and
   * dW[ky,kx] = shift_{ky,kx}(x)ᵀ·dy as 9 matmuls (cheaper than differentiating an im2col concat).
   */
  conv3x3(x: tf.Tensor, weight: tf.Tensor, height: number, width: number): tf.Tensor {
    const cout = weight.shape[1]!;
    const cin = weight.shape[0]! / 9;
    const conv = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [input, w, save] = args as [tf.Tensor4D, tf.Tensor, tf.GradSaveFunc];
      const kernel = tf.reshape(w, [3, 3, cin, cout]) as tf.Tensor4D;
      save([input, kernel]);
      return {
        value: tf.conv2d(input, kernel, 1, "same"),
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
          const [xs, k] = saved as [tf.Tensor4D, tf.Tensor4D];
          const grad = dy as tf.Tensor4D;
          // stride 1, "same": the input gradient is the convolution of dy with the flipped, transposed kernel
          const flipped = tf.transpose(tf.reverse(k, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
          const dx = tf.conv2d(grad, flipped, 1, "same");
          const padded = tf.pad(xs, [[0, 0], [1, 1], [1, 1], [0, 0]]);
          const dyRows = tf.reshape(grad, [-1, cout]);
          const taps: tf.Tensor[] = [];
          for (let ky = 0; ky < 3; ky++) {
            for (let kx = 0; kx < 3; kx++) {
              const shifted = tf.reshape(tf.slice(padded, [0, ky, kx, 0], [-1, height, width, -1]), [-1, cin]);
              taps.push(tf.matMul(shifted, dyRows, true, false));
            }
          }
          return [dx, tf.reshape(tf.stack(taps), [9 * cin, cout])];
        },
      };
    });
    return conv(x, weight);
  }
  broadcastBatchLike(x: tf.Tensor, like: tf.Tensor): tf.Tensor {
    const batch = like.shape[0]!;
    return batch === x.shape[0] ? x : tf.tile(x, [batch, ...x.shape.slice(1).map(() => 1)]);
  }
}
