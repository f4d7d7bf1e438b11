import type { InferenceSession, Tensor } from "onnxruntime-common";

// The same model code runs on onnxruntime-node (server, benchmarks) and onnxruntime-web (browser):
// callers create the session with their runtime and pass it in together with that runtime's
// Tensor constructor.
export type TensorConstructor = typeof Tensor;
export type { InferenceSession, Tensor };

export interface SessionWithRuntime {
  session: InferenceSession;
  Tensor: TensorConstructor;
}

/** Float32 data of an output tensor, with a clear error when the model returned something else. */
export function float32Output(outputs: InferenceSession.ReturnType, name: string): { data: Float32Array; dims: readonly number[] } {
  const tensor = outputs[name];
  if (!tensor) throw new Error(`model output "${name}" missing (got ${Object.keys(outputs).join(", ")})`);
  if (tensor.type !== "float32") throw new Error(`model output "${name}" is ${tensor.type}, expected float32`);
  return { data: tensor.data as Float32Array, dims: tensor.dims };
}
