/** A binary mask in row-major order: 1 = foreground, 0 = background (the model core's type). */
export type { BinaryMask } from "@clickloop/sam";

/** A click in pixel coordinates of the original image (x = column, y = row). */
export interface TrainClick {
  readonly x: number;
  readonly y: number;
  readonly positive: boolean;
}

/** A box prompt in pixel coordinates of the original image. */
export interface TrainBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}
