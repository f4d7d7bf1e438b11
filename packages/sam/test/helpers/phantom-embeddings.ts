import { generatePhantom, type Phantom } from "@clickloop/phantom";
import { phantomPng } from "@clickloop/phantom/node";
import { createImageEmbedder } from "../../src/node";

export interface EmbeddedPhantom {
  phantom: Phantom;
  embedding: Float32Array;
}

/** Synthetic ultrasound phantoms (one hypo-echoic lesion) embedded with the real MobileSAM encoder. */
export async function embedPhantoms(seeds: readonly number[], size = { width: 192, height: 144 }): Promise<EmbeddedPhantom[]> {
  const embedder = await createImageEmbedder({ threads: 1 });
  try {
    const out: EmbeddedPhantom[] = [];
    for (const seed of seeds) {
      const options = { seed, ...size, lesions: 1, kind: "hypo" } as const;
      const { image } = await phantomPng(options);
      const embedding = await embedder.embedImage(new Uint8Array(image));
      out.push({ phantom: generatePhantom(options), embedding: embedding.data });
    }
    return out;
  } finally {
    await embedder.release();
  }
}
