import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { registerWasmFastKernels } from "./fast-kernels.js";

export type BackendName = "tensorflow" | "wasm" | "cpu";

export interface SelectBackendOptions {
  /** Candidates in order of preference (default: tensorflow, wasm, cpu). */
  readonly prefer?: readonly BackendName[];
  readonly log?: (message: string) => void;
  /** Register the wasm fast kernels (default true; false only to measure their effect). */
  readonly fastKernels?: boolean;
}

let chosen: BackendName | null = null;
let wasmFailure: string | null = null;

/** Optional native bindings: not dependencies of this package; used only where installed. */
const NATIVE_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const;

async function tryTensorflow(): Promise<boolean> {
  for (const name of NATIVE_PACKAGES) {
    try {
      await import(/* @vite-ignore */ name);
      if (await tf.setBackend("tensorflow")) return true;
    } catch {
      // not installed (or libtensorflow missing): try the next one
    }
  }
  return false;
}

/** Directory holding tfjs-backend-wasm's .wasm binaries, as a file path (Node reads them from disk). */
export function wasmBinaryDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/";
}

async function tryWasm(fastKernels: boolean): Promise<boolean> {
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    if (typeof process !== "undefined" && process.versions?.node) wasm.setWasmPaths(wasmBinaryDirectory());
    if (!(await tf.setBackend("wasm"))) return false;
    if (fastKernels) registerWasmFastKernels();
    return true;
  } catch (error) {
    wasmFailure = error instanceof Error ? error.message : String(error);
    return false;
  }
}

/**
 * Pick the TF.js backend once per process: `tensorflow` (tfjs-node-gpu, then tfjs-node) where
 * installed, else `wasm` (with the fast kernels registered), else `cpu`. Logs the choice once.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendName> {
  const prefer = options.prefer ?? ["tensorflow", "wasm", "cpu"];
  if (chosen && prefer.includes(chosen) && tf.getBackend() === chosen) return chosen;
  const attempts: Record<BackendName, () => Promise<boolean>> = {
    tensorflow: tryTensorflow,
    wasm: () => tryWasm(options.fastKernels ?? true),
    cpu: () => tf.setBackend("cpu"),
  };
  for (const name of prefer) {
    if (await attempts[name]()) {
      await tf.ready();
      chosen = name;
      (options.log ?? console.log)(`[sam-tf] TF.js backend: ${name}`);
      return name;
    }
  }
  throw new Error(`no TF.js backend available among ${prefer.join(", ")}${wasmFailure ? ` (wasm: ${wasmFailure})` : ""}`);
}
