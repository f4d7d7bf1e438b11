import * as tf from "@tensorflow/tfjs";

/** SAMCA eq. 4 weights plus SAM's IoU-head regression. */
export interface LossWeights {
  readonly dice: number;
  readonly bce: number;
  readonly iou: number;
  readonly iouHead: number;
  /**
   * Ambiguous (one-click / box) prompts: weight of the mask loss of the token the IoU head selects
   * (the mask shown after the first click), on top of the best token's. 0 = SAM practice only.
   */
  readonly selected: number;
}

export const defaultLossWeights: LossWeights = { dice: 6, bce: 1, iou: 3, iouHead: 1, selected: 0 };

export interface MaskLossParts {
  readonly total: tf.Scalar;
  readonly dice: tf.Scalar;
  readonly bce: tf.Scalar;
  readonly softIou: tf.Scalar;
  readonly iouHead: tf.Scalar;
}

const EPS = 1;

/** IoU of (logits > 0) vs (target > 0.5) as a constant: zero gradient (Greater has none in tfjs). */
const hardIou = tf.customGrad((...inputs) => {
  const [logits, target] = inputs as [tf.Tensor, tf.Tensor];
  const value = tf.tidy(() => {
    const prediction = tf.cast(tf.greater(logits, 0), "float32");
    const truth = tf.cast(tf.greater(target, 0.5), "float32");
    const intersection = tf.sum(tf.mul(prediction, truth));
    const union = tf.sub(tf.add(tf.sum(prediction), tf.sum(truth)), intersection);
    return tf.div(intersection, tf.maximum(union, 1));
  });
  return { value, gradFunc: () => [tf.zerosLike(logits), tf.zerosLike(target)] };
});

/**
 * Loss of one prediction: `w.dice·Dice + w.bce·BCE + w.iou·(1 − softIoU) + w.iouHead·MSE(iouPred, IoU)`.
 * @param logits low-res mask logits, any shape (e.g. [1,1,256,256])
 * @param target ground truth of the same shape, values in [0,1]
 * @param iouPrediction the IoU head's output for this mask (a scalar or [1,1])
 * The true IoU (hard, logits > 0 vs target > 0.5) is a constant: no gradient flows through it.
 */
export function maskLoss(logits: tf.Tensor, target: tf.Tensor, iouPrediction: tf.Tensor, weights: LossWeights = defaultLossWeights): MaskLossParts {
  const probability = tf.sigmoid(logits);
  const intersection = tf.sum(tf.mul(probability, target));
  const predicted = tf.sum(probability);
  const actual = tf.sum(target);
  const dice = tf.sub(1, tf.div(tf.add(tf.mul(2, intersection), EPS), tf.add(tf.add(predicted, actual), EPS))) as tf.Scalar;
  const union = tf.sub(tf.add(predicted, actual), intersection);
  const softIou = tf.sub(1, tf.div(tf.add(intersection, EPS), tf.add(union, EPS))) as tf.Scalar;
  // Numerically stable BCE with logits: max(x,0) − x·t + log(1 + e^−|x|).
  const bce = tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))) as tf.Scalar;
  const trueIou = hardIou(logits, target);
  const iouHead = tf.mean(tf.square(tf.sub(tf.reshape(iouPrediction, []), trueIou))) as tf.Scalar;
  const total = tf.addN([
    tf.mul(weights.dice, dice),
    tf.mul(weights.bce, bce),
    tf.mul(weights.iou, softIou),
    tf.mul(weights.iouHead, iouHead),
  ]) as tf.Scalar;
  return { total, dice, bce, softIou, iouHead };
}
