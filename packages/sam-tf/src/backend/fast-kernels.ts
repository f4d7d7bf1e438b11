import * as tf from "@tensorflow/tfjs";

/**
 * tfjs-wasm's BatchMatMul is ~9x slower when an input is transposed (every matmul gradient is one).
 * Re-register it to materialise the transpose with the wasm Transpose kernel first, then multiply
 * untransposed. Idempotent; a no-op when the wasm backend is not registered.
 */
const patched = new Set<string>();

type KernelArgs = Parameters<tf.KernelFunc>[0];

export function registerWasmFastKernels(): boolean {
  const original = tf.getKernel("BatchMatMul", "wasm");
  const transposeKernel = tf.getKernel("Transpose", "wasm");
  if (!original || !transposeKernel) return false;
  if (patched.has("BatchMatMul")) return true;
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const temporaries: tf.TensorInfo[] = [];
    const materialise = (x: tf.TensorInfo): tf.TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array(rank).keys()];
      [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
      const t = transposeKernel.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
      temporaries.push(t);
      return t;
    };
    const a = transposeA ? materialise(inputs.a as tf.TensorInfo) : (inputs.a as tf.TensorInfo);
    const b = transposeB ? materialise(inputs.b as tf.TensorInfo) : (inputs.b as tf.TensorInfo);
    const out = original.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    for (const t of temporaries) (backend as tf.KernelBackend).disposeData(t.dataId);
    return out;
  };
  tf.unregisterKernel("BatchMatMul", "wasm");
  tf.registerKernel({ kernelName: "BatchMatMul", backendName: "wasm", setupFunc: original.setupFunc, kernelFunc: kernelFunc as tf.KernelFunc });
  patched.add("BatchMatMul");
  return true;
}
