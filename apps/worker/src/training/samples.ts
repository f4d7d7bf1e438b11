// The data of a round: every accepted mask of the project (the latest per image) with its image
// embedding, split into training and validation images.
import { and, desc, eq } from "drizzle-orm";
import { annotations, images, type Db, type Image } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { decodeMaskImage } from "@clickloop/sam/node";
import type { TrainingSample } from "@clickloop/sam-tf/train";
import { loadEmbedding } from "../embeddings/store";
import type { EmbedderSource } from "./embedder";
import { isValidationImage } from "./split";

export interface RoundData {
  train: TrainingSample[];
  validation: TrainingSample[];
  /** Embeddings computed (and stored) because the image had none for the current encoder. */
  embedded: number;
}

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
  const data: RoundData = { train: [], validation: [], embedded: 0 };
  for (const [index, { image, maskKey }] of masks.entries()) {
    options.signal?.throwIfAborted();
    const mask = await decodeMaskImage(await deps.storage.get(maskKey));
    if (mask.width !== image.width || mask.height !== image.height) {
      throw new Error(`mask of ${image.originalName} is ${mask.width}×${mask.height}, the image ${image.width}×${image.height}`);
    }
    const embedding = await loadEmbedding(deps, image, options.embedder);
    if (embedding.computed) data.embedded++;
    const sample: TrainingSample = { id: image.id, embedding: embedding.data, mask: mask.data, width: image.width, height: image.height };
    (isValidationImage(image.originalName) ? data.validation : data.train).push(sample);
    options.onImage?.(index + 1, masks.length);
  }
  return data;
}
