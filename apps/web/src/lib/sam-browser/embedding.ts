// The server's image embedding (computed once per image by the worker), in `@clickloop/sam`'s
// wire format: raw little-endian values, shape and dtype in response headers.
import {
  decodeEmbedding,
  EMBEDDING_DTYPE_HEADER,
  EMBEDDING_SHAPE_HEADER,
  embeddingDtypeSchema,
  parseEmbeddingShape,
  type ImageEmbedding,
} from "@clickloop/sam";

/** Fetches the server's embedding; null when it has none yet, so the caller can compute it. */
export async function fetchServerEmbedding(url: string, signal?: AbortSignal): Promise<ImageEmbedding | null> {
  const response = await fetch(url, { signal });
  if (response.status === 404 || response.status === 409 || response.status === 202) return null;
  if (!response.ok) throw new Error(`Embedding download failed: ${response.status} ${response.statusText}`);
  const dims = parseEmbeddingShape(response.headers.get(EMBEDDING_SHAPE_HEADER) ?? "1,256,64,64");
  const dtype = embeddingDtypeSchema.parse(response.headers.get(EMBEDDING_DTYPE_HEADER) ?? "float32");
  if (dims.length !== 4) throw new Error(`Embedding shape ${dims.join("×")} is not 4-D`);
  const data = decodeEmbedding(new Uint8Array(await response.arrayBuffer()), dims, dtype);
  return { data, dims: [dims[0]!, dims[1]!, dims[2]!, dims[3]!] };
}
