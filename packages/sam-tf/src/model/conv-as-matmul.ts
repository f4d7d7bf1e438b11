import type { TensorOps } from "./tensor-ops.js";

/*
 * The convolutions of the decoder written as reshapes, transposes and one matrix product each.
 * Why: tfjs-wasm lacks Conv2DBackpropFilter (and its transposed convs are slow), while
 * MatMul/Reshape/Transpose/Pad/Slice all have fast kernels and gradients there.
 * Feature maps are NHWC; the batch dimension stays dynamic (-1) so the ONNX export keeps it.
 */

/** Conv2d with kernel 2, stride 2 (space-to-depth + matmul). Weight `[2·2·Cin, Cout]`, order (ky, kx, ci). */
export function conv2x2Stride2<T>(ops: TensorOps<T>, x: T, prefix: string, h: number, w: number, cin: number): T {
  const rows = ops.reshape(x, [-1, 2, w / 2, 2 * cin]); // [B·H/2, ky, W/2, (kx, ci)]
  const patches = ops.reshape(ops.transpose(rows, [0, 2, 1, 3]), [-1, h / 2, w / 2, 4 * cin]);
  return ops.add(ops.matMul(patches, ops.weight(`${prefix}.weight`)), ops.weight(`${prefix}.bias`));
}

/** ConvTranspose2d with kernel 2, stride 2 (matmul + depth-to-space). Weight `[Cin, 2·2·Cout]`, order (ky, kx, co). */
export function convTranspose2x2Stride2<T>(ops: TensorOps<T>, x: T, prefix: string, h: number, w: number, cout: number): T {
  const projected = ops.matMul(x, ops.weight(`${prefix}.weight`)); // [B, H, W, (ky, kx, co)]
  const rows = ops.reshape(projected, [-1, w, 2, 2 * cout]); // [B·H, W, ky, (kx, co)]
  const image = ops.reshape(ops.transpose(rows, [0, 2, 1, 3]), [-1, 2 * h, 2 * w, cout]);
  return ops.add(image, ops.weight(`${prefix}.bias`));
}

/** 1x1 Conv2d: a matmul over channels. Weight `[Cin, Cout]`. */
export function conv1x1<T>(ops: TensorOps<T>, x: T, prefix: string): T {
  return ops.add(ops.matMul(x, ops.weight(`${prefix}.weight`)), ops.weight(`${prefix}.bias`));
}

/** 3x3 Conv2d, padding 1, with bias. Weight `[3·3·Cin, Cout]`, order (ky, kx, ci). */
export function conv3x3<T>(ops: TensorOps<T>, x: T, prefix: string, h: number, w: number): T {
  return ops.add(ops.conv3x3(x, ops.weight(`${prefix}.weight`), h, w), ops.weight(`${prefix}.bias`));
}

/** 3x3 Conv2d (no bias) as im2col: 9 shifted slices of the padded map, concatenated, one matmul. */
export function conv3x3Im2col<T>(ops: TensorOps<T>, x: T, weight: T, h: number, w: number): T {
  const padded = ops.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const shifted: T[] = [];
  for (let ky = 0; ky < 3; ky++) {
    const rows = ops.slice(padded, 1, ky, ky + h);
    for (let kx = 0; kx < 3; kx++) shifted.push(ops.slice(rows, 2, kx, kx + w));
  }
  return ops.matMul(ops.concat(shifted, 3), weight);
}
