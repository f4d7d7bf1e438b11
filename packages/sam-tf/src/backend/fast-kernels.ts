import * as tf from "@tensorflow/tfjs";

/*
 * Kernel replacements for the tfjs-wasm backend that make training the decoder ~2x faster:
 * - BatchMatMul: tfjs-wasm is ~9x slower when an input is transposed (every matmul gradient is
 *   one): materialise the transpose with the wasm Transpose kernel, then multiply untransposed.
 * - Sum over the leading axes (every bias/offset gradient): tfjs-wasm transposes the input to
 *   reduce innermost axes; a ones-vector product [1, N]·[N, C] does the same reduction in one pass.
 * - Identity and same-dtype Cast: tfjs-wasm copies the buffer (gradients of Mul call both for
 *   every element-wise product); alias it instead, as tfjs-cpu does (tensors are immutable).
 * Idempotent; returns false when the wasm backend is not registered.
 */

type KernelArgs = Parameters<tf.KernelFunc>[0];
const patched = new Set<string>();

function replaceKernel(name: string, make: (original: tf.KernelConfig) => tf.KernelFunc): boolean {
  const original = tf.getKernel(name, "wasm");
  if (!original) return false;
  if (patched.has(name)) return true;
  tf.unregisterKernel(name, "wasm");
  tf.registerKernel({ kernelName: name, backendName: "wasm", setupFunc: original.setupFunc, kernelFunc: make(original) });
  patched.add(name);
  return true;
}

function aliasOf(x: tf.TensorInfo, backend: tf.KernelBackend): tf.TensorInfo {
  (backend as tf.KernelBackend & { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function wasmKernel(name: string): tf.KernelConfig {
  const kernel = tf.getKernel(name, "wasm");
  if (!kernel) throw new Error(`wasm ${name} kernel missing`);
  return kernel;
}

/** BatchMatMul with transposes materialised first (wasm Transpose kernel), then an untransposed product. */
function batchMatMulWithoutTransposes(original: tf.KernelConfig): tf.KernelFunc {
  const transpose = wasmKernel("Transpose");
  return (args: KernelArgs) => {
    const { inputs, attrs } = args;
    const backend = args.backend as tf.KernelBackend;
    const { transposeA, transposeB } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const temporaries: tf.TensorInfo[] = [];
    const materialise = (x: tf.TensorInfo): tf.TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array(rank).keys()];
      [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
      const t = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
      temporaries.push(t);
      return t;
    };
    const a = transposeA ? materialise(inputs.a as tf.TensorInfo) : (inputs.a as tf.TensorInfo);
    const b = transposeB ? materialise(inputs.b as tf.TensorInfo) : (inputs.b as tf.TensorInfo);
    const out = original.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    for (const t of temporaries) backend.disposeData(t.dataId);
    return out;
  };
}

interface WasmBackendMemory {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

function sumOverLeadingAxes(original: tf.KernelConfig): tf.KernelFunc {
  const reshape = wasmKernel("Reshape");
  return (args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== "float32") return original.kernelFunc(args);
    const backend = args.backend as tf.KernelBackend;
    const memory = args.backend as unknown as WasmBackendMemory;
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    const kept = x.shape.slice(axes.length);
    const columns = kept.reduce((a, b) => a * b, 1);
    const ones = memory.makeOutput([1, 1, rows], "float32");
    memory.typedArrayFromHeap(ones).fill(1);
    const matrix = reshape.kernelFunc({ inputs: { x }, backend, attrs: { shape: [1, rows, columns] } }) as tf.TensorInfo;
    const product = wasmKernel("BatchMatMul").kernelFunc({ inputs: { a: ones, b: matrix }, backend, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo;
    const shape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const out = reshape.kernelFunc({ inputs: { x: product }, backend, attrs: { shape } }) as tf.TensorInfo;
    for (const t of [ones, matrix, product]) backend.disposeData(t.dataId);
    return out;
  };
}

export function registerWasmFastKernels(): boolean {
  if (!tf.getKernel("BatchMatMul", "wasm")) return false;
  replaceKernel("BatchMatMul", batchMatMulWithoutTransposes);
  replaceKernel("Sum", sumOverLeadingAxes);
  replaceKernel("Identity", (original) => (args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    return x.dtype === "string" ? original.kernelFunc(args) : aliasOf(x, args.backend as tf.KernelBackend);
  });
  replaceKernel("Cast", (original) => (args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { dtype } = args.attrs as { dtype: tf.DataType };
    return dtype === x.dtype ? aliasOf(x, args.backend as tf.KernelBackend) : original.kernelFunc(args);
  });
  return true;
}
