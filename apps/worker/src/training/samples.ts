// The data of a round: every accepted mask of the project (the latest per image) with its image
// embedding, split into training and validation images.
import { and, desc, eq } from "drizzle-orm";
import { annotations, embeddings, images, type Db, type Image } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { decodeEmbedding, embeddingDtypeSchema, encodeEmbedding } from "@clickloop/sam";
import { decodeMaskImage } from "@clickloop/sam/node";
import type { TrainingSample } from "@clickloop/sam-tf/train";
import { storageKeys } from "@clickloop/api";
import type { EmbedderSource } from "./embedder";
import { isValidationImage } from "./split";


export interface RoundData {
  train: TrainingSample[];
  validation: TrainingSample[];
  /** Embeddings computed (and stored) because the image had none for the current encoder. */
  embedded: number;
}

const STORED_DTYPE = "float16";

interface AcceptedMask {
  image: Image;
  maskKey: string;
}

/** The most recently accepted mask of every image of the project. */
async function acceptedMasks(db: Db, projectId: string): Promise<AcceptedMask[]> {
  const rows = await db
    .select({ image: images, maskKey: annotations.maskKey })
    .from(annotations)
    .innerJoin(images, eq(images.id, annotations.imageId))
    .where(and(eq(annotations.projectId, projectId), eq(annotations.status, "accepted")))
    .orderBy(images.createdAt, images.id, desc(annotations.updatedAt));
  const byImage = new Map<string, AcceptedMask>();
  for (const { image, maskKey } of rows) if (maskKey && !byImage.has(image.id)) byImage.set(image.id, { image, maskKey });
  return [...byImage.values()];
}

async function loadEmbedding(db: Db, storage: Storage, image: Image, embedder: EmbedderSource, encoderId: string): Promise<{ data: Float32Array; computed: boolean }> {
  const [row] = await db
    .select()
    .from(embeddings)
    .where(and(eq(embeddings.imageId, image.id), eq(embeddings.encoderId, encoderId)));
  if (row) {
    const dtype = embeddingDtypeSchema.parse(row.dtype);
    return { data: decodeEmbedding(await storage.get(row.storageKey), row.shape, dtype), computed: false };
  }
  const computed = await embedder.embed(await storage.get(image.storageKey));
  // The same format as the image.embed job, under the same key: whichever writes first, the
  // bytes agree with the row.
  const bytes = encodeEmbedding(computed.data, STORED_DTYPE);
  const key = storageKeys.embedding(image.projectId, image.sha256, encoderId);
  await storage.put(key, bytes);
  await db
    .insert(embeddings)
    .values({ imageId: image.id, encoderId, storageKey: key, shape: computed.shape, dtype: STORED_DTYPE, byteSize: bytes.byteLength })
    .onConflictDoNothing();
  return { data: decodeEmbedding(bytes, computed.shape, STORED_DTYPE), computed: true };
}

/**
 * Loads the accepted masks and embeddings of a project (computing missing embeddings with the
 * encoder, created only when needed) and splits them by the fixed hash rule.
 */
export async function loadRoundData(
  deps: { db: Db; storage: Storage },
  projectId: string,
  options: { embedder: EmbedderSource; signal?: AbortSignal; onImage?: (done: number, total: number) => void },
): Promise<RoundData> {
  const masks = await acceptedMasks(deps.db, projectId);
  const encoderId = await options.embedder.encoderId();
  const data: RoundData = { train: [], validation: [], embedded: 0 };
  for (const [index, { image, maskKey }] of masks.entries()) {
    options.signal?.throwIfAborted();
    const mask = await decodeMaskImage(await deps.storage.get(maskKey));
    if (mask.width !== image.width || mask.height !== image.height) {
      throw new Error(`mask of ${image.originalName} is ${mask.width}×${mask.height}, the image ${image.width}×${image.height}`);
    }
    const embedding = await loadEmbedding(deps.db, deps.storage, image, options.embedder, encoderId);
    if (embedding.computed) data.embedded++;
    const sample: TrainingSample = { id: image.id, embedding: embedding.data, mask: mask.data, width: image.width, height: image.height };
    (isValidationImage(image.originalName) ? data.validation : data.train).push(sample);
    options.onImage?.(index + 1, masks.length);
  }
  return data;
}
