import type { SessionWithRuntime } from "@clickloop/sam";
import * as ort from "onnxruntime-node";

/** Node only: an onnxruntime-node CPU session for decoder bytes (e.g. an exported candidate). */
export async function nodeOnnxRuntime(bytes: Uint8Array, threads?: number): Promise<SessionWithRuntime> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
  });
  return { session, Tensor: ort.Tensor };
}
