/// <reference lib="webworker" />
// The decoder off the page's thread: this worker downloads the model files, checks each against
// its published SHA-256 (model-cache.ts), owns the onnxruntime-web sessions, keeps the current
// image's embedding and image side, and answers each click with binary masks at image size. The
// page never blocks on a decode. One worker per model version (the hot swap starts a new one).
import {
  computeImageSide,
  decodeFactoredMask,
  decodeMask,
  logitsToMask,
  upscaleLowResLogits,
  type DecoderOutput,
  type ImageEmbedding,
  type ImageSideTensors,
  type SessionWithRuntime,
} from "@clickloop/sam";
import type { WorkerModelFiles, WorkerRequest, WorkerResponse } from "./decoder-protocol";
import { fetchVerifiedModel } from "./model-cache";
import { executionProviders, loadRuntime, type LoadedRuntime } from "./ort-loader";

const scope = self as unknown as DedicatedWorkerGlobalScope;

interface Loaded {
  runtime: LoadedRuntime;
  factored: { imageSide: SessionWithRuntime; decoder: SessionWithRuntime } | null;
  single: SessionWithRuntime | null;
  multimask: SessionWithRuntime | null;
}

let model: Promise<Loaded> | null = null;
/** The current image: its embedding (single-mask path) and, once computed, its image side. */
let image: { id: number; embedding: ImageEmbedding; side: Promise<ImageSideTensors> | null } | null = null;

async function session(runtime: LoadedRuntime, url: string, sha256: string): Promise<SessionWithRuntime> {
  const bytes = new Uint8Array(await fetchVerifiedModel(url, sha256));
  let created;
  try {
    created = await runtime.ort.InferenceSession.create(bytes, { executionProviders: executionProviders(runtime.backend), graphOptimizationLevel: "all" });
  } catch (error) {
    // A WebGPU adapter that cannot run the graph: the wasm provider always can.
    if (runtime.backend !== "webgpu") throw error;
    created = await runtime.ort.InferenceSession.create(bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
  }
  // onnxruntime-web's classes satisfy onnxruntime-common's interfaces the package is typed against.
  return { session: created, Tensor: runtime.ort.Tensor } as unknown as SessionWithRuntime;
}

async function load(files: WorkerModelFiles, backend: LoadedRuntime["backend"] | undefined): Promise<Loaded> {
  const runtime = await loadRuntime(backend);
  if (files.factored) {
    try {
      const [imageSide, decoder] = await Promise.all([
        session(runtime, files.factored.imageSide.url, files.factored.imageSide.sha256),
        session(runtime, files.factored.decoder.url, files.factored.decoder.sha256),
      ]);
      return { runtime, factored: { imageSide, decoder }, single: null, multimask: null };
    } catch (error) {
      // a factored file that fails to download or verify: the same model's decoder.onnx still works
      console.warn("Factored decoder unavailable; using the single-mask decoder.", error);
    }
  }
  const single = await session(runtime, files.single.url, files.single.sha256);
  // the candidate picker is optional: a multimask file that fails to download or verify is skipped
  const multimask = files.multimask ? await session(runtime, files.multimask.url, files.multimask.sha256).catch(() => null) : null;
  return { runtime, factored: null, single, multimask };
}

function imageSide(loaded: Loaded): Promise<ImageSideTensors> | null {
  if (!loaded.factored || !image) return null;
  image.side ??= computeImageSide(loaded.factored.imageSide, image.embedding);
  return image.side;
}

function reply(message: WorkerResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === "load") {
    model = load(request.files, request.backend);
    const loaded = await model;
    reply({
      type: "loaded",
      id: request.id,
      path: loaded.factored ? "factored" : "single",
      candidates: loaded.factored !== null || loaded.multimask !== null,
      backend: loaded.runtime.backend,
      threads: loaded.runtime.threads,
    });
    return;
  }
  if (!model) throw new Error("no model loaded");
  const loaded = await model;
  if (request.type === "prepare") {
    if (image?.id !== request.embeddingId) image = { id: request.embeddingId, embedding: request.embedding, side: null };
    const started = performance.now();
    await imageSide(loaded);
    reply({ type: "prepared", id: request.id, imageSideMs: performance.now() - started });
    return;
  }
  if (!image || image.id !== request.embeddingId) throw new Error("the image was not prepared");
  const prompt = { clicks: request.clicks, box: request.box ?? undefined, maskInput: request.previousLowRes ?? undefined };
  let started = performance.now();
  const side = imageSide(loaded);
  const sideTensors = side ? await side : null;
  const imageSideMs = performance.now() - started;
  started = performance.now();
  let output: DecoderOutput;
  if (loaded.factored && sideTensors) {
    output = await decodeFactoredMask(loaded.factored.decoder, sideTensors, prompt, request.size, { multimask: request.multimask, lowResOnly: true });
  } else {
    const decoder = request.multimask && loaded.multimask ? loaded.multimask : loaded.single!;
    output = await decodeMask(decoder, image.embedding, prompt, request.size);
  }
  const decodeMs = performance.now() - started;
  started = performance.now();
  const candidates = output.lowRes.map((lowRes, i) => ({
    mask: logitsToMask(output.masks[i] ?? upscaleLowResLogits(lowRes, request.size), request.size).data,
    lowRes,
    score: output.iou[i] ?? 0,
  }));
  const upscaleMs = performance.now() - started;
  reply({ type: "decoded", id: request.id, candidates, timings: { decodeMs, upscaleMs, imageSideMs } }, candidates.flatMap((c) => [c.mask.buffer, c.lowRes.buffer]));
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  handle(request).catch((error: unknown) => reply({ type: "error", id: request.id, message: error instanceof Error ? error.message : String(error) }));
};
