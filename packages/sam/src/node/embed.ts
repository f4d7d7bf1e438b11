import { encodeImage } from "../encoder";
import { preprocessImage } from "../preprocess";
import type { SessionWithRuntime } from "../runtime";
import { decodeImageToRgb } from "./image-file";
import { createNodeSession, minisamModelPaths, modelFileId, type NodeSessionOptions } from "./models";

export interface ComputedEmbedding {
  data: Float32Array;
  shape: [number, number, number, number];
  dtype: "float32";
  encoderId: string;
  /** Original image size the embedding was computed for. */
  width: number;
  height: number;
}

export interface ImageEmbedder {
  encoderId: string;
  embedImage(bytes: Uint8Array): Promise<ComputedEmbedding>;
  release(): Promise<void>;
}

/** Loads the encoder once and embeds image files (bytes → float32 `[1,256,64,64]`). */
export async function createImageEmbedder(
  options: NodeSessionOptions & { encoderPath?: string } = {},
): Promise<ImageEmbedder> {
  const encoderPath = options.encoderPath ?? minisamModelPaths().encoder;
  const [encoder, encoderId]: [SessionWithRuntime, string] = await Promise.all([
    createNodeSession(encoderPath, options),
    modelFileId(encoderPath),
  ]);
  return {
    encoderId,
    async embedImage(bytes) {
      const image = await decodeImageToRgb(bytes);
      const embedding = await encodeImage(encoder, preprocessImage(image));
      return { data: embedding.data, shape: [...embedding.dims], dtype: "float32", encoderId, width: image.width, height: image.height };
    },
    release: () => encoder.session.release(),
  };
}
