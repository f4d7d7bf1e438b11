// The page's side of the decoder worker (decoder.worker.ts): one worker per model version, requests
// answered in order. Each image's embedding is sent once (`prepare`, when the image opens), so the
// image side of a factored model is ready before the first click.
import type { ImageEmbedding } from "@clickloop/sam";
import type { DecodedCandidate, DecodeRequest, MaskDecoder } from "./decoder-engine";
import type { DecodeTimings, WorkerModelFiles, WorkerRequest, WorkerResponse } from "./decoder-protocol";
import type { ExecutionBackend } from "./ort-loader";

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, "id"> : never) : never;

export class WorkerDecoder {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly embeddingIds = new WeakMap<ImageEmbedding, number>();
  private preparedId: number | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** The decoder for every click after the first (single-mask output). */
  readonly single: MaskDecoder;
  /** The first click's 3 candidates; release is owned by `single`. */
  readonly candidates: MaskDecoder;

  private constructor(
    private readonly worker: Worker,
    readonly modelSha256: string,
    /** "factored" (image side + per-click graph) or "single" (sam.onnx-style decoder). */
    public path: "factored" | "single" = "single",
    public hasCandidates = false,
  ) {
    this.single = { modelSha256, decode: (r) => this.decode(r, false), prepare: (e) => this.prepare(e), release: () => this.release() };
    this.candidates = { modelSha256, decode: (r) => this.decode(r, true), prepare: (e) => this.prepare(e), release: async () => undefined };
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.type === "error") waiting.reject(new Error(message.message));
      else waiting.resolve(message);
    };
    worker.onerror = (event) => {
      const error = new Error(`Decoder worker failed: ${event.message}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  /** Starts a worker and loads the model in it; rejects when a file fails to download or verify. */
  static async create(files: WorkerModelFiles, modelSha256: string, backend?: ExecutionBackend): Promise<WorkerDecoder> {
    const worker = new Worker(new URL("./decoder.worker.ts", import.meta.url), { type: "module", name: "clickloop-decoder" });
    const decoder = new WorkerDecoder(worker, modelSha256);
    try {
      const loaded = await decoder.request({ type: "load", files, backend });
      if (loaded.type === "loaded") {
        decoder.path = loaded.path;
        decoder.hasCandidates = loaded.candidates;
      }
      return decoder;
    } catch (error) {
      worker.terminate();
      throw error;
    }
  }

  private request(body: RequestBody, transfer: Transferable[] = []): Promise<WorkerResponse> {
    const run = this.queue.then(
      () =>
        new Promise<WorkerResponse>((resolve, reject) => {
          const id = this.nextId++;
          this.pending.set(id, { resolve, reject });
          this.worker.postMessage({ ...body, id } as WorkerRequest, transfer);
        }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private embeddingId(embedding: ImageEmbedding): number {
    let id = this.embeddingIds.get(embedding);
    if (id === undefined) {
      id = this.nextId++;
      this.embeddingIds.set(embedding, id);
    }
    return id;
  }

  /** Sends the image's embedding and computes its image side now (called when the image opens). */
  async prepare(embedding: ImageEmbedding): Promise<void> {
    const embeddingId = this.embeddingId(embedding);
    if (this.preparedId === embeddingId) return;
    this.preparedId = embeddingId;
    const started = performance.now();
    // a copy: the page keeps its embedding (another model version may need it after a hot swap)
    const reply = await this.request({ type: "prepare", embeddingId, embedding: { data: embedding.data.slice(), dims: embedding.dims } });
    if (reply.type === "prepared") performance.measure("clickloop:image-side", { start: started, duration: reply.imageSideMs });
  }

  private async decode(request: DecodeRequest, multimask: boolean): Promise<DecodedCandidate[]> {
    await this.prepare(request.embedding);
    const start = performance.now();
    const reply = await this.request({
      type: "decode",
      embeddingId: this.embeddingId(request.embedding),
      size: request.size,
      clicks: request.clicks,
      box: request.box,
      previousLowRes: request.previousLowRes,
      multimask,
    });
    if (reply.type !== "decoded") throw new Error(`unexpected reply ${reply.type}`);
    markTimings(start, reply.timings);
    return reply.candidates;
  }

  release(): Promise<void> {
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new Error("the decoder was released"));
    this.pending.clear();
    return Promise.resolve();
  }
}

/** The worker's share of a click, as performance measures (read by the click-latency benchmark). */
function markTimings(start: number, timings: DecodeTimings): void {
  performance.measure("clickloop:decode", { start, duration: timings.decodeMs });
  performance.measure("clickloop:upscale", { start: start + timings.decodeMs, duration: timings.upscaleMs });
  performance.measure("clickloop:worker-roundtrip", { start, end: performance.now() });
}
