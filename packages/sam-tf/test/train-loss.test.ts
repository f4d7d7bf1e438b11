import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { maskLoss } from "../src/train/loss";

const SIZE = 32;

function discTarget(): tf.Tensor4D {
  const values = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) values[y * SIZE + x] = (x - 16) ** 2 + (y - 14) ** 2 < 64 ? 1 : 0;
  return tf.tensor4d(values, [1, 1, SIZE, SIZE]);
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("maskLoss", () => {
  it("is lower for a better prediction", () => {
    tf.tidy(() => {
      const target = discTarget();
      const good = tf.mul(tf.sub(tf.mul(target, 2), 1), 8); // confident and right
      const bad = tf.neg(good); // confident and wrong
      const lukewarm = tf.zerosLike(target);
      const iou = tf.tensor2d([[0.5]]);
      const [lGood, lWarm, lBad] = [good, lukewarm, bad].map((logits) => maskLoss(logits, target, iou).total.dataSync()[0] as number);
      expect(lGood).toBeLessThan(lWarm as number);
      expect(lWarm).toBeLessThan(lBad as number);
    });
  });

  it("trains the IoU head toward the true IoU", () => {
    tf.tidy(() => {
      const target = discTarget();
      const logits = tf.mul(tf.sub(tf.mul(target, 2), 1), 8);
      const right = maskLoss(logits, target, tf.tensor2d([[1]])).iouHead.dataSync()[0] as number;
      const wrong = maskLoss(logits, target, tf.tensor2d([[0.2]])).iouHead.dataSync()[0] as number;
      expect(right).toBeCloseTo(0, 6);
      expect(wrong).toBeCloseTo(0.64, 5);
    });
  });

  it("has finite gradients and a few Adam steps lower it", () => {
    const target = discTarget();
    const logits = tf.variable(tf.randomNormal([1, 1, SIZE, SIZE], 0, 0.1, "float32", 7));
    const iou = tf.variable(tf.zeros([1, 1]));
    const optimizer = tf.train.adam(0.1);
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const { value, grads } = tf.variableGrads(() => maskLoss(logits, target, iou).total, [logits, iou]);
      for (const g of Object.values(grads)) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
      losses.push(value.dataSync()[0] as number);
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(losses[losses.length - 1]).toBeLessThan((losses[0] as number) * 0.6);
    tf.dispose([target, logits, iou]);
    optimizer.dispose();
  });
});
