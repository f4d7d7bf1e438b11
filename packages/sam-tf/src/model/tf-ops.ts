import * as tf from "@tensorflow/tfjs";
import type { TensorOps } from "./tensor-ops.js";

/** Interprets the decoder's op set with TF.js (differentiable; every kernel used has a gradient on wasm). */
export class TfOps implements TensorOps<tf.Tensor> {
  constructor(private readonly parameters: ReadonlyMap<string, tf.Tensor>) {}

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
  layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
    const mean = tf.mean(x, -1, true);
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), -1, true);
    return tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
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
  broadcastBatchLike(x: tf.Tensor, like: tf.Tensor): tf.Tensor {
    const batch = like.shape[0]!;
    return batch === x.shape[0] ? x : tf.tile(x, [batch, ...x.shape.slice(1).map(() => 1)]);
  }
}
