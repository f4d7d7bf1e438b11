// Loads onnxruntime-web in the browser from the app's own /ort/<version>/ files.
// The runtime is imported at run time rather than bundled: its ES module locates its wasm
// binary and worker relative to itself, which bundlers rewrite badly.
import type * as Ort from "onnxruntime-web";
import { ortAssetBase } from "./ort-version";

export type OrtModule = typeof Ort;
export type ExecutionBackend = "webgpu" | "wasm";

export interface LoadedRuntime {
  ort: OrtModule;
  backend: ExecutionBackend;
  threads: number;
}

async function webGpuAvailable(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

/** Threads need SharedArrayBuffer, which only a cross-origin-isolated page gets (COOP + COEP). */
function wasmThreadCount(): number {
  if (!globalThis.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

let runtime: Promise<LoadedRuntime> | null = null;

/**
 * One runtime per page. WebGPU is used where the browser has an adapter (the WebGPU bundle
 * falls back to wasm per session); otherwise the smaller wasm-only bundle is loaded.
 */
export function loadRuntime(preferred?: ExecutionBackend): Promise<LoadedRuntime> {
  runtime ??= (async () => {
    const backend: ExecutionBackend = preferred ?? ((await webGpuAvailable()) ? "webgpu" : "wasm");
    const base = ortAssetBase();
    const entry = backend === "webgpu" ? "ort.webgpu.min.mjs" : "ort.wasm.min.mjs";
    const ort = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ `${base}${entry}`)) as OrtModule;
    const threads = wasmThreadCount();
    ort.env.wasm.wasmPaths = base;
    ort.env.wasm.numThreads = threads;
    return { ort, backend, threads };
  })();
  runtime.catch(() => {
    runtime = null;
  });
  return runtime;
}

/** Session options for the chosen backend: WebGPU first, wasm as the fallback provider. */
export function executionProviders(backend: ExecutionBackend): Ort.InferenceSession.SessionOptions["executionProviders"] {
  return backend === "webgpu" ? ["webgpu", "wasm"] : ["wasm"];
}
