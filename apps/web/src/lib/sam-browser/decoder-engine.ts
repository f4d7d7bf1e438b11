// Runs SAM's decoder on the page's thread at every click (the workspace uses the decoder worker,
// worker-decoder.ts; this path stays for comparison): one onnxruntime-web session per model
// version, created from verified bytes. Prompt encoding and postprocessing are
// `@clickloop/sam`'s (the same code the server and the benchmarks use).
import { decodeMask, logitsToMask, type Box, type Click, type ImageEmbedding, type SessionWithRuntime, type Size } from "@clickloop/sam";
import type * as Ort from "onnxruntime-web";
import { executionProviders, type LoadedRuntime } from "./ort-loader";

export interface DecodedCandidate {
  /** Binary mask at image resolution. */
  mask: Uint8Array;
  lowRes: Float32Array;
  score: number;
}

export interface DecodeRequest {
  embedding: ImageEmbedding;
  size: Size;
  clicks: readonly Click[];
  box: Box | null;
  /** The previous answer's low-res logits, fed back as the mask prompt. */
  previousLowRes: Float32Array | null;
}

/** What the workspace decodes with: on the page's thread (DecoderEngine) or in a worker (worker-decoder.ts). */
export interface MaskDecoder {
  readonly modelSha256: string;
  decode(request: DecodeRequest): Promise<DecodedCandidate[]>;
  /** Do the per-image work now (when the image opens) rather than at the first click. */
  prepare(embedding: ImageEmbedding): Promise<void>;
  release(): Promise<void>;
}

/** The decoder on the page's thread (sam.onnx-style files only); kept for `?decoder=main-thread`. */
export class DecoderEngine implements MaskDecoder {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly runtime: SessionWithRuntime,
    private readonly session: Ort.InferenceSession,
    readonly modelSha256: string,
  ) {}

  static async create(runtime: LoadedRuntime, modelBytes: ArrayBuffer, modelSha256: string): Promise<DecoderEngine> {
    const bytes = new Uint8Array(modelBytes);
    let session: Ort.InferenceSession;
    try {
      session = await runtime.ort.InferenceSession.create(bytes, { executionProviders: executionProviders(runtime.backend), graphOptimizationLevel: "all" });
    } catch (error) {
      // A WebGPU adapter that cannot run the graph: the wasm provider always can.
      if (runtime.backend !== "webgpu") throw error;
      session = await runtime.ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
    }
    // onnxruntime-web's classes satisfy onnxruntime-common's interfaces the package is typed against.
    const withRuntime = { session, Tensor: runtime.ort.Tensor } as unknown as SessionWithRuntime;
    return new DecoderEngine(withRuntime, session, modelSha256);
  }

  /** Decodes are serialized: the session is not re-entrant and clicks must apply in order. */
  decode(request: DecodeRequest): Promise<DecodedCandidate[]> {
    const run = this.queue.then(() => this.run(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run({ embedding, size, clicks, box, previousLowRes }: DecodeRequest): Promise<DecodedCandidate[]> {
    const start = performance.now();
    const output = await decodeMask(this.runtime, embedding, { clicks, box: box ?? undefined, maskInput: previousLowRes ?? undefined }, size);
    // The decoder's share of click → mask (read by the click-latency benchmark).
    performance.measure("clickloop:decode", { start, end: performance.now() });
    return output.masks.map((logits, i) => ({
      mask: logitsToMask(logits, size).data,
      lowRes: output.lowRes[i]!,
      score: output.iou[i] ?? 0,
    }));
  }

  prepare(): Promise<void> {
    return Promise.resolve(); // nothing per image: the embedding goes in with every click
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
