// Fallback when the server has no embedding for an image yet: run MobileSAM's image encoder in
// the browser (seconds on a CPU, so the workspace shows progress while it runs). Preprocessing
// is `@clickloop/sam`'s, identical to the server's.
import { encodeImage, preprocessImage, type ImageEmbedding, type RawImage, type SessionWithRuntime } from "@clickloop/sam";
import { executionProviders, type LoadedRuntime } from "./ort-loader";

export function bitmapPixels(image: CanvasImageSource, width: number, height: number): RawImage {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("2D canvas unavailable");
  ctx.drawImage(image, 0, 0, width, height);
  return { width, height, channels: 4, data: ctx.getImageData(0, 0, width, height).data };
}

export class BrowserEncoder {
  private constructor(private readonly runtime: SessionWithRuntime) {}

  static async create(runtime: LoadedRuntime, modelBytes: ArrayBuffer): Promise<BrowserEncoder> {
    const session = await runtime.ort.InferenceSession.create(new Uint8Array(modelBytes), { executionProviders: executionProviders(runtime.backend) });
    return new BrowserEncoder({ session, Tensor: runtime.ort.Tensor } as unknown as SessionWithRuntime);
  }

  embed(image: CanvasImageSource, width: number, height: number): Promise<ImageEmbedding> {
    return encodeImage(this.runtime, preprocessImage(bitmapPixels(image, width, height)));
  }
}
